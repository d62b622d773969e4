/**
 * The aws connector: S3 (UploadFileData, GetObject, ListObjects) and DynamoDB
 * (AddDynamoItem, QueryDynamoTable, ScanDynamoTable). The AWS SDK is imported on the
 * first call, so loading this connector costs a proxy nothing at start-up.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { addDynamoItem } from "./add-dynamo-item.js";
import { getObject } from "./get-object.js";
import { listObjects } from "./list-objects.js";
import { queryDynamoTable } from "./query-dynamo-table.js";
import { scanDynamoTable } from "./scan-dynamo-table.js";
import { awsSettingsSchema } from "./settings.js";
import { uploadFileData } from "./upload-file-data.js";

export default defineConnector({
  name: "aws",
  description: "Amazon S3 and DynamoDB (or compatible stores)",
  config: awsSettingsSchema,
  commands: [uploadFileData, getObject, listObjects, addDynamoItem, queryDynamoTable, scanDynamoTable],
});
