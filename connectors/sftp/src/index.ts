/**
 * The sftp connector: upload, download, list, delete and rename files over SSH (SFTP),
 * with the server's host key pinned by fingerprint.
 */
import { defineConnector, defineFileTransferCommands, SERVER_CHOICE_ERRORS } from "@connector-proxy/sdk";
import { serverParams } from "./server-params.js";
import { SESSION_ERRORS, withSftp } from "./session.js";
import { sftpSettingsSchema } from "./settings.js";

export const sftpCommands = defineFileTransferCommands({
  protocol: "SFTP",
  serverParams,
  errors: { ...SERVER_CHOICE_ERRORS, ...SESSION_ERRORS },
  session: withSftp,
});

export default defineConnector({
  name: "sftp",
  description: "Transfers files to and from SFTP servers, with host key pinning",
  config: sftpSettingsSchema,
  commands: sftpCommands,
});
