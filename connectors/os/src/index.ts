/**
 * The os connector: run executables the deployment allows, without a shell, with limits
 * on time, output, working directory and environment.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { runCommand } from "./run-command.js";
import { osSettingsSchema } from "./settings.js";

export default defineConnector({
  name: "os",
  description: "Runs allowed local executables (execFile semantics, no shell)",
  config: osSettingsSchema,
  commands: [runCommand],
});
