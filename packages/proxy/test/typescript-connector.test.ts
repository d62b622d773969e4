/**
 * A connector given as TypeScript sources (`path:` to a .ts file, or a package folder that is
 * not built yet) loads through tsx, imports between its .ts files included; loading it again
 * after an edit gives the edited version (what `connector-proxy dev` relies on).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConnector } from "../src/catalogue/load-connector.js";
import { repoRoot, testProxy } from "./helpers/test-proxy.js";

const sdk = pathToFileURL(path.join(repoRoot, "packages", "sdk", "dist", "index.js")).href;
let dir: string;

const greeting = (word: string) => `export function greeting(name: string): string {
  const words: readonly string[] = [${JSON.stringify(word)}, name];
  return words.join(" ");
}
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cp-ts-connector-"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "connector-hello", type: "module" }));
  writeFileSync(path.join(dir, "greeting.ts"), greeting("Hello"));
  writeFileSync(
    path.join(dir, "hello.ts"),
    `import { defineCommand, defineConnector, z } from ${JSON.stringify(sdk)};
import { greeting } from "./greeting.js";

interface Params { name: string }
const greet = defineCommand({
  name: "Greet",
  description: "Greets",
  params: z.object({ name: z.string() }),
  run: ({ name }: Params) => ({ body: { greeting: greeting(name) } }),
});
export default defineConnector({ name: "hello", commands: [greet] });
`,
  );
  const unbuilt = path.join(dir, "unbuilt");
  mkdirSync(path.join(unbuilt, "src"), { recursive: true });
  writeFileSync(
    path.join(unbuilt, "package.json"),
    JSON.stringify({ name: "connector-unbuilt", type: "module", exports: { ".": "./dist/index.js" } }),
  );
  writeFileSync(
    path.join(unbuilt, "src", "index.ts"),
    `import { defineCommand, defineConnector, z } from ${JSON.stringify(sdk)};
const ping = defineCommand({ name: "Ping", description: "d", params: z.object({}), run: (): { body: string } => ({ body: "pong" }) });
export default defineConnector({ name: "unbuilt", commands: [ping] });
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("serves a connector whose path is a .ts file", async () => {
  const proxy = await testProxy({ discover: false, connectors: { hello: { path: path.join(dir, "hello.ts") } } });
  try {
    const outcome = await proxy.call("hello/Greet", { name: "Ada" });
    expect(outcome.envelope.command_response).toMatchObject({ body: { greeting: "Hello Ada" } });
  } finally {
    await proxy.close();
  }
});

it("serves a package folder from src/index.ts while it has no build", async () => {
  const proxy = await testProxy({ discover: false, connectors: { unbuilt: { path: path.join(dir, "unbuilt") } } });
  try {
    expect((await proxy.call("unbuilt/Ping", {})).envelope.command_response).toMatchObject({ body: "pong" });
  } finally {
    await proxy.close();
  }
});

it("loads an edited import afresh on the next load", async () => {
  const source = { path: path.join(dir, "hello.ts") };
  const run = async () => {
    const command = (await loadConnector(source)).commands[0];
    return command?.run({ name: "Ada" } as never, {} as never);
  };
  expect(await run()).toEqual({ body: { greeting: "Hello Ada" } });
  writeFileSync(path.join(dir, "greeting.ts"), greeting("Goodbye"));
  expect(await run()).toEqual({ body: { greeting: "Goodbye Ada" } });
});
