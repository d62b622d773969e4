/**
 * Two inline connectors pinning different majors of one library (mime 1 and mime 3, whose
 * APIs differ: `lookup` became `getType`) both answer from one proxy. The fixtures are
 * installed as a real deployment would install them: `npm install` into a temporary folder,
 * which nests mime 3 under connector-mime-three and hoists mime 1 (see docs/hosting.md).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixtures, repoRoot, type TestProxy, testProxy } from "./helpers/test-proxy.js";

let deployment: string;
let proxy: TestProxy;

beforeAll(async () => {
  deployment = mkdtempSync(path.join(tmpdir(), "cp-versions-"));
  const dependencies = Object.fromEntries(
    ["connector-mime-one", "connector-mime-three"].map((name) => [
      name,
      `file:${path.join(fixtures, "versions", name)}`,
    ]),
  );
  writeFileSync(path.join(deployment, "package.json"), JSON.stringify({ private: true, dependencies }));
  // --install-links copies the fixtures like registry packages, so npm nests the conflicting majors.
  execFileSync(
    "flock",
    ["/tmp/cp-npm.lock", "npm", "install", "--prefix", deployment, "--install-links", "--no-package-lock"].concat([
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
    ]),
    { stdio: "ignore" },
  );
  // The SDK is not on the registry yet: link the workspace build where the connectors resolve it.
  await mkdir(path.join(deployment, "node_modules", "@connector-proxy"), { recursive: true });
  symlinkSync(path.join(repoRoot, "packages", "sdk"), path.join(deployment, "node_modules", "@connector-proxy", "sdk"));
  proxy = await testProxy({ node_modules: path.join(deployment, "node_modules"), include: ["mime-*"] }); // not the bundled ones
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  rmSync(deployment, { recursive: true, force: true });
});

it("discovers both connectors, each with its own major of mime", async () => {
  const ids = proxy.catalogue.list().map((handle) => handle.id);
  expect(ids).toEqual(["mime-one/TypeOf", "mime-three/TypeOf"]);
  const one = await proxy.call("mime-one/TypeOf", { file: "report.json" });
  const three = await proxy.call("mime-three/TypeOf", { file: "report.json" });
  expect(one.envelope.command_response).toMatchObject({ body: { version: "1.6.0", type: "application/json" } });
  expect(three.envelope.command_response).toMatchObject({ body: { version: "3.0.0", type: "application/json" } });
});

it("shows the majors' observable difference: unknown names", async () => {
  // mime 1 falls back to application/octet-stream; mime 3 answers null.
  const one = await proxy.call("mime-one/TypeOf", { file: "data.unknownext" });
  const three = await proxy.call("mime-three/TypeOf", { file: "data.unknownext" });
  expect(one.envelope.command_response).toMatchObject({ body: { type: "application/octet-stream" } });
  expect(three.envelope.command_response).toMatchObject({ body: { type: null } });
});
