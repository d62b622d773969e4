/**
 * `connector-proxy commands`: the catalogue as a table, or as JSON.
 */
import { cliProxy } from "./cli-proxy.js";

export async function listCommandsAction(options: { json?: boolean; config?: string }): Promise<void> {
  const proxy = await cliProxy(options.config, { quiet: true });
  if (options.json) {
    process.stdout.write(`${proxy.catalogue.toJSON()}\n`);
  } else {
    const rows = proxy.catalogue.list().map((handle) => ({
      id: handle.id,
      hosting: handle.hosting,
      parameters: handle.parameters.map((p) => `${p.id}${p.required ? "*" : ""}:${p.type}`).join(" "),
    }));
    const width = Math.max(2, ...rows.map((row) => row.id.length));
    process.stdout.write(`${"ID".padEnd(width)}  HOSTING  PARAMETERS (* = required)\n`);
    for (const row of rows)
      process.stdout.write(`${row.id.padEnd(width)}  ${row.hosting.padEnd(7)}  ${row.parameters}\n`);
  }
  await proxy.close();
}
