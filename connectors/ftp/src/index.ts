/**
 * The ftp connector: upload, download, list, delete and rename files on FTP/FTPS servers.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { deleteFile } from "./delete.js";
import { download } from "./download.js";
import { list } from "./list.js";
import { rename } from "./rename.js";
import { ftpSettingsSchema } from "./settings.js";
import { upload } from "./upload.js";

export default defineConnector({
  name: "ftp",
  description: "Transfers files to and from FTP and FTPS servers",
  config: ftpSettingsSchema,
  commands: [upload, download, list, deleteFile, rename],
});
