/**
 * The example connector: the smallest complete connector, and the one Arena's docs call.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { example } from "./example.js";
import { readTaskData } from "./read-task-data.js";

export default defineConnector({
  name: "example",
  description: "Example commands for trying the proxy",
  commands: [example, readTaskData],
});
