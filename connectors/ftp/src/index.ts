/**
 * The ftp connector: upload, download, list, delete and rename files on FTP/FTPS servers.
 */
import { defineConnector, defineFileTransferCommands, SERVER_CHOICE_ERRORS } from "@connector-proxy/sdk";
import { serverParams } from "./server-params.js";
import { SESSION_ERRORS, withFtp } from "./session.js";
import { ftpSettingsSchema } from "./settings.js";

export const ftpCommands = defineFileTransferCommands({
  protocol: "FTP",
  serverParams,
  errors: { ...SERVER_CHOICE_ERRORS, ...SESSION_ERRORS },
  session: withFtp,
});

export default defineConnector({
  name: "ftp",
  description: "Transfers files to and from FTP and FTPS servers",
  config: ftpSettingsSchema,
  commands: ftpCommands,
});
