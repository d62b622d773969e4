/**
 * Remote hosting: commands of another Spiff-protocol connector proxy, mounted live. Its
 * catalogue is fetched at start and refreshed periodically (kept as last seen while it is
 * unreachable; a Python-style catalogue that lists only `parameters` gets a JSON Schema built
 * from them); executions are forwarded server-side, answers (202 included) passed through,
 * and a failed connection answers `UpstreamUnavailable` for its commands only.
 */
import {
  type DeclaredError,
  type Outcome,
  proxyErrorOutcome,
  resultOutcome,
  type SpiffParameter,
} from "@connector-proxy/sdk";
import { Pool } from "undici";
import type { Catalogue } from "../catalogue/catalogue.js";
import { idFilter } from "../catalogue/id-patterns.js";
import type { RemoteSettings } from "../config/hosting-schema.js";
import { API_KEY_HEADER } from "../http/api-key.js";
import type { Logger } from "../log/logger.js";
import { metrics } from "../observability/metrics.js";
import type { CommandHandle, Invocation } from "./command-handle.js";
import type { HostStatus } from "./host-status.js";
import { parametersSchema } from "./json-schema-parameters.js";
import { reservedBody } from "./reserved-body.js";

export interface RemoteHostOptions {
  mountName: string;
  settings: RemoteSettings;
  timeoutMs: number;
  catalogue: Catalogue;
  /** The catalogue source these commands are filed under. */
  source: string;
  /** The front proxy's own include/exclude, on mounted ids. */
  served(id: string): boolean;
  logger: Logger;
}

interface RemoteEntry {
  id: string;
  parameters?: unknown;
  description?: unknown;
  schema?: unknown;
  errors?: DeclaredError[];
  long_running?: boolean;
}

const CATALOGUE_TIMEOUT_MS = 10_000;
const RETRY_WHILE_DOWN_MS = 5_000;

export class RemoteHost {
  /** The upstream's URL, for messages. */
  private readonly base: string;
  /** The upstream's path prefix (a proxy mounted under a path), without the trailing slash. */
  private readonly prefixPath: string;
  private readonly headers: Record<string, string>;
  private readonly upstreamServed: (id: string) => boolean;
  private timer: NodeJS.Timeout | null = null;
  private reachable: boolean | null = null;
  private checkedAt: number | null = null;
  private mounted: string[] = [];
  private closed = false;
  /** Kept-alive connections to the upstream (undici's pool: far cheaper than fetch per call). */
  private readonly pool: Pool;

  constructor(private readonly options: RemoteHostOptions) {
    const url = new URL(options.settings.url);
    this.base = options.settings.url.replace(/\/+$/, "");
    this.prefixPath = url.pathname.replace(/\/+$/, "");
    this.pool = new Pool(url.origin, { keepAliveTimeout: 30_000 });
    const key = options.settings.api_key;
    this.headers = { "content-type": "application/json", ...(key ? { [API_KEY_HEADER]: key } : {}) };
    this.upstreamServed = idFilter(options.settings.include, options.settings.exclude);
  }

  /** Fetch the catalogue once (an unreachable upstream is logged, not fatal) and keep refreshing it. */
  async start(): Promise<void> {
    await this.refresh();
  }

  /** What the console shows of this upstream (its URL without credentials: the mount settings hold the key apart). */
  status(): HostStatus {
    const checked = this.checkedAt === null ? null : new Date(this.checkedAt).toISOString();
    const state = this.reachable === null ? "starting" : this.reachable ? "up" : "down";
    const { mountName } = this.options;
    return { name: mountName, hosting: "remote", state, url: this.base, checked_at: checked, commands: this.mounted };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pool.close();
  }

  async refresh(): Promise<void> {
    const { logger, mountName, settings } = this.options;
    const entries = await this.fetchCatalogue();
    this.checkedAt = Date.now();
    if (entries) {
      try {
        const handles = this.handles(entries);
        this.options.catalogue.setSource(this.options.source, handles);
        this.mounted = handles.map((handle) => handle.id);
      } catch (error) {
        logger.error({ connector: mountName, err: error }, "remote proxy commands not (re)mounted");
      }
    }
    if (this.closed) return;
    const next = this.reachable
      ? settings.refresh_seconds * 1000
      : Math.min(settings.refresh_seconds * 1000, RETRY_WHILE_DOWN_MS);
    this.timer = setTimeout(() => void this.refresh(), next);
    this.timer.unref();
  }

  /** The upstream's catalogue, or null (logged once per outage) when it cannot be read. */
  private async fetchCatalogue(): Promise<RemoteEntry[] | null> {
    const { logger, mountName } = this.options;
    try {
      const response = await this.pool.request({
        path: `${this.prefixPath}/v1/commands`,
        method: "GET",
        headers: this.headers,
        signal: AbortSignal.timeout(CATALOGUE_TIMEOUT_MS),
      });
      const entries: unknown = await response.body.json();
      if (response.statusCode !== 200) throw new Error(`GET /v1/commands answered ${response.statusCode}`);
      if (!Array.isArray(entries)) throw new Error("GET /v1/commands did not answer a list");
      if (this.reachable !== true)
        logger.info({ connector: mountName, url: this.base }, "remote proxy catalogue loaded");
      this.reachable = true;
      metrics.upstreamUp.set({ upstream: mountName }, 1);
      return entries;
    } catch (error) {
      if (this.reachable !== false) {
        logger.warn(
          { connector: mountName, url: this.base, err: error },
          "remote proxy unreachable: its commands answer UpstreamUnavailable until it is back",
        );
      }
      this.reachable = false;
      metrics.upstreamUp.set({ upstream: mountName }, 0);
      return null;
    }
  }

  private handles(entries: readonly RemoteEntry[]): CommandHandle[] {
    const { prefix } = this.options.settings;
    return entries
      .filter((entry) => typeof entry?.id === "string" && entry.id.includes("/") && this.upstreamServed(entry.id))
      .map((entry): CommandHandle => {
        const id = `${prefix}${entry.id}`;
        const parameters = readParameters(entry.parameters);
        return {
          id,
          description:
            typeof entry.description === "string" && entry.description !== ""
              ? entry.description
              : `${entry.id} on the remote proxy "${this.options.mountName}"`,
          parameters,
          inputSchema: isRecord(entry.schema) ? entry.schema : parametersSchema(parameters),
          errors: entry.errors ?? [],
          hosting: "remote",
          longRunning: entry.long_running ?? false,
          timeoutMs: this.options.timeoutMs,
          invoke: (call) => this.forward(id, entry.id, call),
        };
      })
      .filter((handle) => this.options.served(handle.id));
  }

  private async forward(id: string, upstreamId: string, call: Invocation): Promise<Outcome> {
    let status: number;
    let contentType: unknown;
    let text: string;
    try {
      const response = await this.pool.request({
        path: `${this.prefixPath}/v1/do/${upstreamId}`,
        method: "POST",
        headers: call.traceparent ? { ...this.headers, traceparent: call.traceparent } : this.headers,
        body: JSON.stringify({ ...call.params, ...reservedBody(call.reserved) }),
        signal: call.signal,
      });
      status = response.statusCode;
      contentType = response.headers["content-type"];
      text = await response.body.text();
    } catch (error) {
      const cause = (error as { code?: string }).code ?? (error as Error).message;
      return proxyErrorOutcome(
        "UpstreamUnavailable",
        `The remote proxy "${this.options.mountName}" (${this.base}) hosting "${id}" cannot be reached (${cause}): retry later or check that it is running`,
      );
    }
    if (status === 401) {
      return proxyErrorOutcome(
        "UpstreamUnavailable",
        `The remote proxy "${this.options.mountName}" refused our API key for "${id}": set remote.api_key in the proxy configuration`,
      );
    }
    const mimetype = typeof contentType === "string" ? contentType : "application/json";
    const envelope = parseEnvelope(text);
    if (envelope) return { status, envelope };
    const outcome = resultOutcome({ body: text, mimetype, http_status: status }, []);
    return { ...outcome, status, legacyV1: { body: text, mimetype } };
  }
}

const SPIFF_TYPES = new Set<unknown>(["str", "int", "bool", "any"]);

/** The well-formed items of an upstream's parameter list (an unknown type reads as `any`). */
function readParameters(list: unknown): SpiffParameter[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((item): item is Record<string, unknown> => isRecord(item) && typeof item.id === "string")
    .map((item) => ({
      id: item.id as string,
      type: SPIFF_TYPES.has(item.type) ? (item.type as SpiffParameter["type"]) : "any",
      required: item.required === true,
      ...(typeof item.description === "string" ? { description: item.description } : {}),
    }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseEnvelope(text: string): Outcome["envelope"] | null {
  try {
    const value = JSON.parse(text) as Outcome["envelope"] | null;
    return value?.command_response_version === 2 && Array.isArray(value.spiff__logs) ? value : null;
  } catch {
    return null;
  }
}
