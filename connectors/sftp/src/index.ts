/**
 * The sftp connector: upload, download, list, delete and rename files over SSH (SFTP),
 * with the server's host key pinned by fingerprint.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { deleteFile } from "./delete.js";
import { download } from "./download.js";
import { list } from "./list.js";
import { rename } from "./rename.js";
import { sftpSettingsSchema } from "./settings.js";
import { upload } from "./upload.js";

export default defineConnector({
  name: "sftp",
  description: "Transfers files to and from SFTP servers, with host key pinning",
  config: sftpSettingsSchema,
  commands: [upload, download, list, deleteFile, rename],
});
