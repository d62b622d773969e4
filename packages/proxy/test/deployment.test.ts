import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ENVIRONMENT_VARIABLES, renderConfigReference } from "../src/config/config-reference.js";
import { repoDir } from "./helpers/observed-proxy.js";

const dockerfile = readFileSync(path.join(repoDir, "Dockerfile"), "utf8");

/** The JSON-array arguments of the last Dockerfile instruction named `name` (continuation lines joined). */
function instruction(name: "CMD" | "HEALTHCHECK"): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, " ");
  const line = joined
    .split("\n")
    .filter((row) => row.startsWith(`${name} `))
    .at(-1);
  const json = line?.slice(line.indexOf("[")) ?? "[]";
  return JSON.parse(json) as string[];
}

describe("the Dockerfile", () => {
  it("builds in two stages, runs as a non-root user with production dependencies only", () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM node:20-bookworm AS build$/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf("USER node")).toBeLessThan(runtime.indexOf("CMD ["));
    expect(instruction("HEALTHCHECK").join(" ")).toContain("/liveness");
  });

  it("starts the proxy with its CMD, and its HEALTHCHECK passes against it, then fails once it is gone", async () => {
    const [program, ...args] = instruction("CMD");
    expect(program).toBe("node");
    const child = spawn(process.execPath, args, {
      cwd: repoDir,
      env: { ...process.env, PORT: "0", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let text = "";
        child.stdout.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          const match = /"port":(\d+)/.exec(text);
          if (match) resolve(Number(match[1]));
        });
        child.once("exit", (code) => reject(new Error(`the CMD exited with ${code}: ${text}`)));
      });
      const commands = (await (await fetch(`http://127.0.0.1:${port}/v1/commands`)).json()) as { id: string }[];
      expect(commands.map((command) => command.id)).toContain("example/Example");
      const [, ...check] = instruction("HEALTHCHECK"); // node -e "fetch(...)"
      const healthy = spawnSync(process.execPath, check, { env: { ...process.env, PORT: String(port) } });
      expect(healthy.status).toBe(0);
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      const gone = spawnSync(process.execPath, check, { env: { ...process.env, PORT: String(port) } });
      expect(gone.status).toBe(1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

describe("docker-compose.yml", () => {
  it("defines spiffworkflow-connector on port 8004 with the API key from Arena's variable", () => {
    const compose = parseYaml(readFileSync(path.join(repoDir, "docker-compose.yml"), "utf8")) as {
      services: Record<string, { ports: string[]; environment: Record<string, string>; build: string }>;
    };
    const service = compose.services["spiffworkflow-connector"];
    expect(service?.ports).toContain("8004:8004");
    expect(service?.build).toBe(".");
    expect(service?.environment.CONNECTOR_PROXY_API_KEY).toContain("SPIFFWORKFLOW_BACKEND_CONNECTOR_PROXY_API_KEY");
  });
});

describe("docs/configuration.md", () => {
  it("is the one generated from the config schema (run `npm run build && node scripts/write-config-reference.mjs`)", () => {
    const committed = readFileSync(path.join(repoDir, "docs", "configuration.md"), "utf8");
    expect(committed).toBe(renderConfigReference());
  });

  it("documents every environment variable the proxy reads", () => {
    const sources = spawnSync("grep", ["-rhoE", "(CONNECTOR_PROXY|OTEL)_[A-Z_]+|env\\.PORT", "packages/proxy/src"], {
      cwd: repoDir,
      encoding: "utf8",
    });
    const used = new Set(
      sources.stdout
        .split("\n")
        .filter(Boolean)
        .map((name) => name.replace("env.", "")),
    );
    const documented = new Set(ENVIRONMENT_VARIABLES.map((variable) => variable.name));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
  });
});
