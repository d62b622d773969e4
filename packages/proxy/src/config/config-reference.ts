/**
 * The configuration reference (docs/configuration.md), generated from the config schema
 * and the list of environment variables, so the documentation cannot drift from the code.
 * `node scripts/write-config-reference.mjs` rewrites the file; a test fails when it is stale.
 */
import { type JsonSchema, z } from "@connector-proxy/sdk";
import { configSchema } from "./config-schema.js";

/** Every environment variable the proxy reads, with what it does. */
export const ENVIRONMENT_VARIABLES: readonly { name: string; meaning: string }[] = [
  {
    name: "CONNECTOR_PROXY_CONFIG",
    meaning:
      "Path of the configuration file (JSON or YAML). Default: `connector-proxy.config.json`, `.yaml` or `.yml` in the working directory, else built-in defaults.",
  },
  {
    name: "CONNECTOR_PROXY_API_KEY",
    meaning:
      "Shared secret callers send as `Spiff-Connector-Proxy-Api-Key` (Arena's `SPIFFWORKFLOW_BACKEND_CONNECTOR_PROXY_API_KEY`). Unset: no key is asked for. Set but empty: start-up fails.",
  },
  {
    name: "CONNECTOR_PROXY_CORS_ORIGINS",
    meaning: "Comma-separated browser origins allowed by CORS. Unset: no CORS headers.",
  },
  {
    name: "CONNECTOR_PROXY_LOG_LEVEL",
    meaning: "Overrides `log_level` (fatal, error, warn, info, debug, trace, silent).",
  },
  {
    name: "CONNECTOR_PROXY_REDIS_URL",
    meaning:
      "Redis URL (`redis://host:6379`). Set: durable jobs and inbound events live in Redis (BullMQ), token refresh is single-flight and trigger polling takes turns across replicas. Unset: jobs and events in SQLite, refresh single-flight per process.",
  },
  {
    name: "CONNECTOR_PROXY_WORKERS",
    meaning:
      "Worker processes of `serve` (`--workers` wins, then this, then the config's `workers`): a number or `auto`. More than 1 needs CONNECTOR_PROXY_REDIS_URL.",
  },
  {
    name: "CONNECTOR_PROXY_CONNECTOR_SETTINGS",
    meaning: "Internal: set by the proxy for the child processes of process-hosted connectors. Do not set it yourself.",
  },
  {
    name: "PORT",
    meaning:
      "Port of `connector-proxy serve` and `npm start` when `--port` is not given. Default: 8004. A port in use stops start-up naming both.",
  },
  {
    name: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    meaning: "OTLP/HTTP traces URL, used when `tracing.otlp_endpoint` is not set: one span per command call.",
  },
  {
    name: "OTEL_EXPORTER_OTLP_ENDPOINT",
    meaning: "OTLP/HTTP base URL (`/v1/traces` is appended), used when neither of the above is set.",
  },
];

interface Row {
  key: string;
  type: string;
  fallback: string;
  description: string;
}

const code = (value: unknown) => `\`${JSON.stringify(value)}\``;
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => code(value)).join(" | ");
  if ("const" in schema) return code(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) return variants.map(typeOf).join(" | ");
  if (schema.type === "array") return `array of ${typeOf((schema.items ?? {}) as JsonSchema)}`;
  if (schema.type === "object" && schema.additionalProperties && !schema.properties) return "map";
  if (typeof schema.type === "string") return schema.type;
  return "any";
}

/** The keys under `schema`: its properties (and its union variants'), record values and array items. */
function children(schema: JsonSchema, key: string): [string, JsonSchema][] {
  const prefix = key ? `${key}.` : "";
  const variants = [schema, ...((schema.anyOf ?? schema.oneOf ?? []) as JsonSchema[])];
  const found = new Map<string, JsonSchema>();
  for (const variant of variants) {
    for (const [name, child] of Object.entries((variant.properties ?? {}) as Record<string, JsonSchema>)) {
      const seen = found.get(`${prefix}${name}`);
      if (!seen) found.set(`${prefix}${name}`, child);
      else if ("const" in seen && "const" in child) found.set(`${prefix}${name}`, { enum: [seen.const, child.const] });
      else if (Array.isArray(seen.enum) && "const" in child)
        found.set(`${prefix}${name}`, { enum: [...seen.enum, child.const] });
    }
  }
  const values = schema.additionalProperties;
  if (typeof values === "object" && values !== null && "properties" in values) found.set(`${key}.<name>`, values);
  const items = schema.items as JsonSchema | undefined;
  if (items?.properties) found.set(`${key}[]`, items);
  return [...found];
}

function walk(schema: JsonSchema, key: string, rows: Row[]): void {
  if (key) {
    rows.push({
      key: `\`${key}\``,
      type: typeOf(schema),
      fallback: "default" in schema ? code(schema.default) : "",
      description: typeof schema.description === "string" ? schema.description : "",
    });
  }
  for (const [childKey, child] of children(schema, key)) walk(child, childKey, rows);
}

/** The Markdown of docs/configuration.md. */
export function renderConfigReference(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const rows: Row[] = [];
  walk(schema, "", rows);
  return [
    "# Configuration reference",
    "",
    "<!-- Generated from packages/proxy/src/config (config-schema.ts, config-reference.ts) by",
    "     `npm run build && node scripts/write-config-reference.mjs`. Do not edit by hand. -->",
    "",
    "## Environment variables",
    "",
    "| Variable | Meaning |",
    "|---|---|",
    ...ENVIRONMENT_VARIABLES.map((variable) => `| \`${variable.name}\` | ${cell(variable.meaning)} |`),
    "",
    "Any `${NAME}` in a configuration value is replaced by that environment variable; such values are secrets,",
    "scrubbed from every answer and log line.",
    "",
    "## Configuration file keys",
    "",
    "The file is JSON or YAML (`connector-proxy.config.json`, `.yaml`, `.yml`, or `--config` / `CONNECTOR_PROXY_CONFIG`).",
    "`<name>` stands for a connector, command or upstream name of your choice.",
    "",
    "The file is checked strictly, and every problem of a file is reported at once, before anything is served:",
    "",
    "- an unknown key at any level names its path and the closest known key:",
    "  `` `timout_seconds`: unknown; did you mean `timeout_seconds`? ``",
    "- settings for a connector that is not served (`connectors.<name>`), or options for a command it does not have",
    "  (`connectors.<name>.commands.<name>`), name the closest served one and the others:",
    '  `` `connectors.htp`: no connector "htp" is served; did you mean `http`? (served: …) ``.',
    "  A connector that is installed but disabled (`enabled: false`) or left out by `include`/`exclude` may keep its settings;",
    "- a wrong type or value names its path and what was expected.",
    "",
    "| Key | Type | Default | Meaning |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row.key} | ${cell(row.type)} | ${cell(row.fallback)} | ${cell(row.description)} |`),
    "",
  ].join("\n");
}
