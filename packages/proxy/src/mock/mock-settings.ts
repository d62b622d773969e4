/**
 * The `mock` configuration section: answer commands from fixture files (as `serve --mock`).
 */
import { z } from "@connector-proxy/sdk";

export const mockSettingsSchema = z.strictObject({
  folder: z
    .string()
    .min(1)
    .describe("Folder of mock fixtures (relative to the config file): commands with a fixture are answered from it"),
});
