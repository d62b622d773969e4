/**
 * The console in Chromium, operations: the jobs page filtered to a dead job (its callback was
 * refused), its details, and Retry delivering it; Cancel on a running job; the same for an inbound event the engine
 * refused; the health page showing per-command figures and a process-hosted child's restart
 * after the test kills it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../../src/adapters/node-server.js";
import { type ArenaServer, startArena } from "../helpers/arena-messages.js";
import { type CallbackServer, startCallbackServer } from "../helpers/callback-server.js";
import { getJob, type JobsProxy, jobsProxy } from "../helpers/jobs-proxy.js";
import { post } from "../helpers/test-proxy.js";
import { type ConsoleBrowser, ensureConsoleBuilt, openBrowser, signIn } from "./console-browser.js";

const KEY = "console-ops-key-7c21";
const keyed = { "Spiff-Connector-Proxy-Api-Key": KEY };
let proxy: JobsProxy;
let server: RunningServer;
let arena: CallbackServer;
let engine: ArenaServer;
const HOOK_TOKEN = "hook-token-console-1";
const REFUSED_MESSAGE = "console_nobody_waits";
let browser: ConsoleBrowser;

interface Status {
  connectors: Array<{ name: string; state: string; pid?: number | null; restarts?: number }>;
}

async function crashyChild() {
  const response = await proxy.app.request("/v1/console/status", { headers: keyed });
  const status = (await response.json()) as Status;
  const child = status.connectors.find((connector) => connector.name === "crashy");
  if (!child) throw new Error(`no crashy connector in ${JSON.stringify(status)}`);
  return child;
}

/** An async call of slow/Sleep whose callback goes to the stand-in Arena; its job id. */
async function submitJob(task: string, ms = 1): Promise<string> {
  const body = { ms, spiff__callback_url: `${arena.url}/callback/${task}` };
  const response = await post(proxy, "/v1/do/slow/Sleep", body, keyed);
  expect(response.status).toBe(202);
  return ((await response.json()) as { command_response: { body: { job_id: string } } }).command_response.body.job_id;
}

/** Wait until job `id` is in `status` (read through the API, with the key). */
async function jobReaches(id: string, status: string): Promise<void> {
  await expect.poll(async () => (await getJob(proxy, id, keyed)).status, { timeout: 20_000 }).toBe(status);
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  arena = await startCallbackServer();
  engine = await startArena();
  proxy = await jobsProxy(
    {},
    {
      connectors: { slow: { path: "connector-slow" }, crashy: { path: "connector-crashy", hosting: "process" } },
      engine: {
        api_url: engine.apiUrl,
        auth: { type: "spiff_api_key", key: "${ARENA_API_KEY}" },
        callback_origins: [arena.url],
      },
      triggers: {
        orders: {
          webhook: { verify: { type: "token", token: HOOK_TOKEN } },
          message: REFUSED_MESSAGE,
          event_id: "id",
          retry_initial_seconds: 0.05,
          retry_max_seconds: 0.2,
        },
      },
    },
    { CONNECTOR_PROXY_API_KEY: KEY, ARENA_API_KEY: engine.key },
  );
  server = await listen(proxy, 0, "127.0.0.1");
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await proxy?.close();
  await arena?.close();
  await engine?.close();
});

describe("console: jobs and health", () => {
  it("filters jobs to a dead one, shows its last error, and retries it until delivered", async () => {
    arena.script.push(400); // Arena refuses the first callback: no retry, the job is dead
    const deadId = await submitJob("refused");
    await jobReaches(deadId, "dead");
    const deliveredId = await submitJob("accepted");
    await jobReaches(deliveredId, "completed");

    const { page } = browser;
    await signIn(page, server.url, KEY);
    await page.getByRole("link", { name: "Jobs" }).click();
    const rows = page.locator("table.records tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel("State").selectOption("dead");
    await page.getByLabel("Command").selectOption("slow/Sleep");
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining("dead")]);
    await page.getByRole("link", { name: deadId.slice(0, 8) }).click();
    await page.getByRole("heading", { name: new RegExp(`Job ${deadId}`) }).waitFor();
    await expect.poll(() => page.getByTestId("last-error").textContent()).toContain("400");
    await browser.screenshot("jobs");

    await page.getByRole("button", { name: "Retry" }).click();
    // the page follows the job live: delivering, then completed once Arena takes the callback
    await expect
      .poll(() => page.getByRole("heading", { name: /Job / }).textContent(), { timeout: 20_000 })
      .toContain("completed");
    expect(arena.received.filter((callback) => callback.path === "/callback/refused")).toHaveLength(2);

    // a job still running is cancelled from its page: no callback is sent
    const runningId = await submitJob("cancelled", 60_000);
    await jobReaches(runningId, "running");
    await page.getByLabel("State").selectOption("running");
    await page.getByRole("link", { name: runningId.slice(0, 8) }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect
      .poll(() => page.getByRole("heading", { name: /Job / }).textContent(), { timeout: 20_000 })
      .toContain("cancelled");
    expect(arena.received.filter((callback) => callback.path === "/callback/cancelled")).toEqual([]);
    expect(browser.nonLocalRequests).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  }, 60_000);

  it("filters events to one the engine refused, and retries it until delivered", async () => {
    engine.refuse.add(REFUSED_MESSAGE); // no process waits for it: message_not_accepted, dead after one attempt
    const hook = await proxy.app.request("/v1/hooks/orders", {
      method: "POST",
      headers: { "content-type": "application/json", "X-Webhook-Token": HOOK_TOKEN },
      body: JSON.stringify({ id: "order-17", total: 12 }),
    });
    expect(hook.status).toBe(202);
    const { id } = (await hook.json()) as { id: string };

    const { page } = browser;
    await page.getByRole("link", { name: "Events" }).click();
    await page.getByLabel("State").selectOption("dead");
    await page.getByLabel("Trigger").selectOption("orders");
    const rows = page.locator("table.records tbody tr");
    await expect.poll(() => rows.allTextContents(), { timeout: 20_000 }).toEqual([expect.stringContaining("dead")]);
    await page.getByRole("link", { name: id.slice(0, 8) }).click();
    await expect.poll(() => page.getByTestId("last-error").textContent()).toContain("message_not_accepted");
    await browser.screenshot("events");

    engine.refuse.delete(REFUSED_MESSAGE); // a process now waits for it
    await page.getByRole("button", { name: "Retry" }).click();
    await expect
      .poll(() => page.getByRole("heading", { name: /Event / }).textContent(), { timeout: 20_000 })
      .toContain("delivered");
    expect(engine.messages.filter((message) => message.name === REFUSED_MESSAGE)).toHaveLength(1);
    expect(browser.nonLocalRequests).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  }, 60_000);

  it("shows per-command figures, and a process-hosted child's restart after it is killed", async () => {
    const { page } = browser;
    expect((await proxy.call("crashy/Pid", {})).envelope.error).toBeNull();
    const before = await crashyChild();
    expect(before).toMatchObject({ state: "up", restarts: 0 });
    await page.getByRole("link", { name: "Health" }).click();
    const row = page.getByTestId("connector-crashy");
    await expect.poll(() => row.textContent()).toContain(String(before.pid));
    await expect.poll(() => page.getByTestId("rate-slow/Sleep").textContent()).toMatch(/slow\/Sleep\d/);

    process.kill(before.pid ?? 0, "SIGKILL");
    await expect.poll(() => page.getByTestId("restarts-crashy").textContent(), { timeout: 20_000 }).toBe("1");
    await expect.poll(() => row.getByText("up").count(), { timeout: 20_000 }).toBe(1);
    const after = await crashyChild();
    expect(after.pid).not.toBe(before.pid);
    expect(await row.textContent()).toContain(String(after.pid));
    await browser.screenshot("health");

    // the catalogue shows the same child with its restart
    await page.getByRole("link", { name: "Catalogue" }).click();
    await page.getByRole("link", { name: "crashy/Pid" }).click();
    await expect.poll(() => page.getByTestId("restarts-crashy").textContent()).toBe("1");
    expect(browser.nonLocalRequests).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  }, 60_000);
});
