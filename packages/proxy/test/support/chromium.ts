/**
 * Debian's Chromium (/usr/bin/chromium) driven by playwright-core for browser tests: headless,
 * a fresh profile each launch, and the flags that keep it from calling Google's services (this
 * machine has no internet, and a test must see every request the page itself makes).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export interface LaunchedChromium {
  context: BrowserContext;
  /** Close the browser and remove its profile. */
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1440, height: 900 }): Promise<LaunchedChromium> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "cp-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
