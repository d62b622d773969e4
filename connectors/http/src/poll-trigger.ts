/**
 * The `http` trigger: polls an endpoint that lists items, at an interval, and turns each item
 * into an event whose id is the item's id (so an item listed again is dropped). It can send a
 * cursor (the largest `cursor_field` value seen, as the `cursor_param` query parameter) and the
 * last ETag (`If-None-Match`; 304 means nothing new). The proxy keeps the cursor across restarts,
 * saved only after the round's items are stored, and lets one replica at a time poll.
 */
import { defineTrigger, type PollContext, z } from "@connector-proxy/sdk";

export const pollTriggerSettings = z.object({
  url: z.url({ protocol: /^https?$/ }).describe("The endpoint listing the items"),
  headers: z.record(z.string(), z.string()).default({}).describe("Request headers (use ${ENV_VAR} for credentials)"),
  interval_seconds: z.number().positive().default(60).describe("Seconds between two polls"),
  timeout_seconds: z.number().positive().default(30).describe("Timeout of one poll request"),
  items: z
    .string()
    .default("")
    .describe('Dotted path of the item list in the JSON answer, e.g. "data.items" ("": the answer is the list)'),
  id_field: z.string().min(1).default("id").describe("Dotted path of an item's id (duplicates are dropped by it)"),
  cursor_field: z.string().optional().describe("Dotted path of an item's position (e.g. updated_at or a sequence)"),
  cursor_param: z
    .string()
    .optional()
    .describe("Query parameter sent with the largest cursor_field value seen so far (e.g. since)"),
  etag: z.boolean().default(true).describe("Send If-None-Match with the last ETag; 304 means nothing new"),
});

type PollSettings = z.output<typeof pollTriggerSettings>;

/** What the proxy keeps between rounds (as JSON). */
interface PollState {
  etag?: string;
  cursor?: string | number;
}

/** The value at a dotted path ("" is the value itself). */
function at(value: unknown, dotted: string): unknown {
  if (dotted === "") return value;
  let current = value;
  for (const key of dotted.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const isPosition = (value: unknown): value is string | number => typeof value === "string" || typeof value === "number";

const later = (a: string | number | undefined, b: string | number) =>
  a === undefined || typeof a !== typeof b || b > a ? b : a;

export const pollTrigger = defineTrigger({
  name: "http",
  kind: "poller",
  description: "Polls an HTTP endpoint listing items; each new item (by id) is an event; cursor and ETag kept",
  settings: pollTriggerSettings,
  intervalMs: (settings) => settings.interval_seconds * 1000,
  async poll(settings: PollSettings, ctx: PollContext) {
    const state = (ctx.cursor ? JSON.parse(ctx.cursor) : {}) as PollState;
    const url = new URL(settings.url);
    if (settings.cursor_param && state.cursor !== undefined)
      url.searchParams.set(settings.cursor_param, String(state.cursor));
    const where = `${url.origin}${url.pathname}`; // never the query or headers: they may carry credentials
    const response = await fetch(url, {
      headers: {
        accept: "application/json",
        ...settings.headers,
        ...(settings.etag && state.etag ? { "if-none-match": state.etag } : {}),
      },
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(settings.timeout_seconds * 1000)]),
    });
    if (response.status === 304) return {};
    if (!response.ok) throw new Error(`${where} answered ${response.status}`);
    const items = at(await response.json(), settings.items);
    if (!Array.isArray(items)) throw new Error(`${where} answered no list at "${settings.items || "(the answer)"}"`);
    let cursor = state.cursor;
    await Promise.all(
      items.map((item: unknown) => {
        const id = at(item, settings.id_field);
        const position = settings.cursor_field ? at(item, settings.cursor_field) : undefined;
        if (isPosition(position)) cursor = later(cursor, position);
        return ctx.emit({ ...(isPosition(id) ? { id: String(id) } : {}), body: item, meta: { url: where } });
      }),
    );
    const etag = settings.etag ? (response.headers.get("etag") ?? undefined) : undefined;
    const next: PollState = { ...(etag ? { etag } : {}), ...(cursor !== undefined ? { cursor } : {}) };
    return { cursor: JSON.stringify(next) };
  },
});
