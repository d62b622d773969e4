/**
 * Browser tests of the console: Debian's Chromium driven by playwright-core, a fresh profile per
 * browser, every request and console message watched. The console is built first when its build
 * is missing or older than its sources, so a test never depends on a build run by hand.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { repoRoot } from "../helpers/test-proxy.js";
import { launchChromium } from "../support/chromium.js";

const consoleDir = path.join(repoRoot, "packages", "console");
export const artifactsDir = path.join(repoRoot, "test-artifacts", "console");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Build packages/console (Vite) unless dist/ is newer than every source; one builder at a time. */
export async function ensureConsoleBuilt(): Promise<void> {
  const lock = path.join(consoleDir, ".build-lock");
  const built = path.join(consoleDir, "dist", "index.html");
  const stale = () => {
    if (!existsSync(built)) return true;
    const sources = Math.max(
      newestSource(path.join(consoleDir, "src")),
      statSync(path.join(consoleDir, "index.html")).mtimeMs,
      statSync(path.join(consoleDir, "vite.config.ts")).mtimeMs,
    );
    return statSync(built).mtimeMs < sources;
  };
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock); // atomic: the other test files wait for this build
      break;
    } catch {
      if (Date.now() > until) throw new Error(`${lock} is held for more than 2 minutes: remove it if no build runs`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (!stale()) return;
    const vite = path.join(repoRoot, "node_modules", "vite", "bin", "vite.js");
    const result = spawnSync(process.execPath, [vite, "build"], { cwd: consoleDir, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`vite build of the console failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface ConsoleBrowser {
  page: Page;
  context: BrowserContext;
  /** Requests the page made to anything but this machine. */
  nonLocalRequests: string[];
  /** Console errors and uncaught exceptions of the page. */
  consoleErrors: string[];
  /** Save a screenshot of the page as test-artifacts/console/<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<ConsoleBrowser> {
  const { context, close } = await launchChromium();
  const nonLocalRequests: string[] = [];
  const consoleErrors: string[] = [];
  context.on("request", (request) => {
    const url = new URL(request.url());
    if ((url.protocol === "http:" || url.protocol === "https:") && !LOCAL_HOSTS.has(url.hostname)) {
      nonLocalRequests.push(request.url());
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  mkdirSync(artifactsDir, { recursive: true });
  return {
    page,
    context,
    nonLocalRequests,
    consoleErrors,
    async screenshot(name) {
      const file = path.join(artifactsDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close,
  };
}

/** Open /console on `baseUrl` and give the key prompt `key`. */
export async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Open the console" }).click();
  await page.getByLabel(/Search \d+ commands/).waitFor();
}
