/**
 * The slack connector: `slack/PostMessage` over Slack's Web API with the proxy's fetch.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { postMessage } from "./post-message.js";
import { slackSettingsSchema } from "./settings.js";

export default defineConnector({
  name: "slack",
  description: "Post messages to Slack",
  config: slackSettingsSchema,
  commands: [postMessage],
});
