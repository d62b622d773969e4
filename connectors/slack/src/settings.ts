/**
 * The slack connector's settings (`connectors.slack.settings` in the proxy configuration).
 */
import { z } from "@connector-proxy/sdk";

export const slackSettingsSchema = z.strictObject({
  token: z
    .string()
    .min(1)
    .optional()
    .describe("Bot token used when a diagram sends no token parameter (keeps the token out of diagrams)"),
  base_url: z
    .url()
    .default("https://slack.com/api")
    .describe("Web API base URL; change it for a Slack-compatible server or a test double"),
});

export type SlackSettings = z.output<typeof slackSettingsSchema>;
