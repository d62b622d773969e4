/**
 * `connector-proxy`: serve the proxy, list its commands, or call one command locally.
 * Each subcommand is one `program.command(...)` block below; its action lives in its own file.
 * No arguments prints the help and exits 0; `--version`/`-v` and `--help` exit 0; a usage error exits 1.
 */
import { Command } from "commander";
import { packageVersion } from "../package-version.js";
import { callCommandAction } from "./call-command.js";
import type { ConformanceOptions } from "./conformance-command.js";
import type { DevOptions } from "./dev-command.js";
import { listCommandsAction } from "./list-commands.js";
import type { McpOptions } from "./mcp-command.js";
import type { NewOptions } from "./new-connector.js";
import { recordAction } from "./record-command.js";
import { DEFAULT_PORT, serveAction } from "./serve.js";

const program = new Command()
  .name("connector-proxy")
  .description("A connector proxy for workflow engines (Spiff Arena protocol)")
  .version(packageVersion(), "-v, --version", "print the version and exit")
  .showHelpAfterError();

program
  .command("serve")
  .description("Start the HTTP server with every configured connector")
  .option("-p, --port <port>", `port to listen on (default: PORT, else ${DEFAULT_PORT})`)
  .option("--host <host>", "address to bind", "0.0.0.0")
  .option("-c, --config <file>", "configuration file (JSON or YAML)")
  .option("-w, --workers <count>", "worker processes behind the port: a number or auto (default: config, else 1)")
  .option("--mock <folder>", "answer the commands that have a fixture in this folder from it (docs/authoring.md)")
  .option("--allow-empty", "start even when no command is served (default: refuse)")
  .action(serveAction);

program
  .command("record")
  .description("Serve as usual and write every call and its answer as a mock fixture (replay with serve --mock)")
  .requiredOption("--to <folder>", "folder the fixtures are written to (created if missing)")
  .option("-p, --port <port>", `port to listen on (default: PORT, else ${DEFAULT_PORT})`)
  .option("--host <host>", "address to bind", "0.0.0.0")
  .option("-c, --config <file>", "configuration file (JSON or YAML)")
  .action(recordAction);

program
  .command("conformance")
  .description("Check a running connector proxy (ours or not) against Spiff Arena's contract; exits 1 on a failure")
  .argument("<url>", "the proxy's base URL, e.g. http://localhost:8004")
  .option(
    "--api-key <key>",
    "the proxy's API key (also checks that it is enforced)",
    process.env.CONNECTOR_PROXY_API_KEY,
  )
  .option("--json", "print the report as JSON (for CI)")
  .action(async (url: string, options: ConformanceOptions) =>
    (await import("./conformance-command.js")).conformanceAction(url, options),
  );

program
  .command("commands")
  .description("Print the command catalogue")
  .option("--json", "print the catalogue as JSON, as GET /v1/commands answers it")
  .option("-c, --config <file>", "configuration file (JSON or YAML)")
  .action(listCommandsAction);

program
  .command("call")
  .description("Run one command locally, without a server, and print its envelope")
  .argument("<id>", "command id, e.g. example/Example")
  .option("--params <json>", "the command's parameters as a JSON object", "{}")
  .option("--task-data <json>", "task data as a JSON object (spiff__task_data)", "{}")
  .option("-c, --config <file>", "configuration file (JSON or YAML)")
  .action(callCommandAction);

program
  .command("mcp")
  .description("Serve commands as MCP tools on stdio: one connector (a process-hosting child), or --all")
  .argument("[package-or-path]", "connector package name or path to serve")
  .option("--all", "serve every configured command instead of one connector")
  .option("--unknown-parameters <mode>", "reject or strip parameters a command does not declare", "reject")
  .option("-c, --config <file>", "configuration file (JSON or YAML), with --all")
  .action(async (target: string | undefined, options: McpOptions) =>
    (await import("./mcp-command.js")).mcpAction(target, options),
  ); // the MCP SDK is loaded only by this subcommand

program
  .command("new")
  .description("Scaffold a connector package (TypeScript, or a Python MCP server) in a new folder")
  .argument("<name>", "connector name, e.g. acme (package connector-acme, commands acme/...)")
  .option("--lang <lang>", "ts or python", "ts")
  .option("--dir <folder>", "where to create it (default ./connector-<name>)")
  .action(async (name: string, options: NewOptions) =>
    (await import("./new-connector.js")).newConnectorAction(name, options),
  );

program
  .command("dev")
  .description("Serve the connector in a folder from its sources beside the others, reloading it on every change")
  .argument("[folder]", "the connector's folder (TypeScript package, or Python server.py)", ".")
  .option("-p, --port <port>", "port to listen on", process.env.PORT ?? "8004")
  .option("--host <host>", "address to bind", "127.0.0.1")
  .option("-c, --config <file>", "configuration file (JSON or YAML)")
  .action(async (folder: string, options: DevOptions) => (await import("./dev-command.js")).devAction(folder, options));

if (process.argv.length <= 2) program.help(); // prints the help on stdout and exits 0

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`connector-proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
