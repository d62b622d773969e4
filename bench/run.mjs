/**
 * `npm run bench`: run every scenario in bench/scenarios (or those named on the command line),
 * print one table, and write bench/results.json. Everything runs on loopback and is bounded in time.
 */
import { readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as lib from "./lib.mjs";

const dir = path.join(lib.root, "bench", "scenarios");
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith(".mjs"))
  .filter((file) => wanted.length === 0 || wanted.includes(path.basename(file, ".mjs")))
  .sort((a, b) => (a === "core.mjs" ? -1 : b === "core.mjs" ? 1 : a.localeCompare(b)));

const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const results = { machine, date: new Date().toISOString(), scenarios: {} };
const started = Date.now();
for (const file of files) {
  const name = path.basename(file, ".mjs");
  process.stderr.write(`bench: ${name}...\n`);
  try {
    const { default: scenario } = await import(pathToFileURL(path.join(dir, file)).href);
    results.scenarios[name] = await scenario(lib);
  } catch (error) {
    results.scenarios[name] = [{ figure: `${name} failed: ${error.message}`, value: 0, unit: "", pass: false }];
  }
}

const lines = [
  `Machine: ${machine}`,
  "",
  "| scenario | figure | value | baseline | ratio | target | pass |",
  "|---|---|---|---|---|---|---|",
];
for (const [name, rows] of Object.entries(results.scenarios)) {
  for (const row of rows) {
    const pass = row.pass === undefined ? "" : row.pass ? "yes" : "NO";
    lines.push(
      `| ${name} | ${row.figure} | ${row.value} ${row.unit} | ${row.baseline ?? ""} | ${row.ratio ?? ""} | ${row.target ?? ""} | ${pass} |`,
    );
  }
}
lines.push("", `Total bench time: ${Math.round((Date.now() - started) / 1000)} s`);
process.stdout.write(`${lines.join("\n")}\n`);
writeFileSync(path.join(lib.root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
