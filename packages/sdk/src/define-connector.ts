/**
 * `defineConnector`: a named group of commands plus the schema of its settings.
 * The default export of a `connector-*` package.
 */
import type { z } from "zod";
import { COMMAND_TYPE, type Command, NAME_PATTERN } from "./define-command.js";
import { isOAuth2Auth, type OAuth2Auth } from "./define-oauth2-auth.js";
import { isTrigger, type Trigger } from "./define-trigger.js";
import { droppedKeys } from "./dropped-keys.js";
import { type Validation, validateWith } from "./validation.js";

export const CONNECTOR_TYPE = "connector-proxy/connector@1";

export interface ConnectorSpec {
  /** Connector name: the part before the slash in `connector/Command`. */
  name: string;
  description?: string;
  /** Schema of this connector's settings in the proxy configuration; checked at start-up. */
  config?: z.ZodType;
  commands: readonly Command[];
  /** Authentication handlers (`defineOAuth2Auth`) served at `/v1/auth/{connector}/{name}`. */
  auths?: readonly OAuth2Auth[];
  /** Inbound triggers (`defineTrigger`): webhooks, subscriptions and pollers a deployment may configure. */
  triggers?: readonly Trigger[];
  /** Release what the connector holds (pools, connections); called once when the proxy stops. */
  close?(): void | Promise<void>;
}

/** The runtime shape of a connector, recognised across SDK copies by `$type`. */
export interface Connector {
  readonly $type: typeof CONNECTOR_TYPE;
  readonly name: string;
  readonly description: string;
  readonly commands: readonly Command[];
  readonly auths: readonly OAuth2Auth[];
  /** Absent in connectors built with an SDK from before triggers. */
  readonly triggers?: readonly Trigger[];
  /** Validate this connector's settings; the parsed value becomes `ctx.config`. */
  parseConfig(raw: Record<string, unknown>): Validation<Record<string, unknown>>;
  /** Release pools and connections; the proxy calls it when it stops. */
  close(): Promise<void>;
}

/**
 * Define a connector.
 *
 * @example
 * export default defineConnector({ name: "example", commands: [echo] });
 */
export function defineConnector(spec: ConnectorSpec): Connector {
  if (!NAME_PATTERN.test(spec.name)) {
    throw new Error(`Connector name "${spec.name}" must match ${NAME_PATTERN} (no slash, no spaces)`);
  }
  const seen = new Set<string>();
  for (const command of spec.commands) {
    if (command?.$type !== COMMAND_TYPE) {
      throw new Error(`Connector "${spec.name}" lists something that is not a defineCommand() result`);
    }
    if (seen.has(command.name)) {
      throw new Error(`Connector "${spec.name}" defines command "${command.name}" twice`);
    }
    seen.add(command.name);
  }
  const authNames = new Set<string>();
  for (const auth of spec.auths ?? []) {
    if (!isOAuth2Auth(auth)) {
      throw new Error(`Connector "${spec.name}" lists an auth that is not a defineOAuth2Auth() result`);
    }
    if (authNames.has(auth.name)) throw new Error(`Connector "${spec.name}" defines auth "${auth.name}" twice`);
    authNames.add(auth.name);
  }
  const triggerNames = new Set<string>();
  for (const trigger of spec.triggers ?? []) {
    if (!isTrigger(trigger)) {
      throw new Error(`Connector "${spec.name}" lists a trigger that is not a defineTrigger() result`);
    }
    if (triggerNames.has(trigger.name))
      throw new Error(`Connector "${spec.name}" defines trigger "${trigger.name}" twice`);
    triggerNames.add(trigger.name);
  }
  const schema = spec.config;
  return {
    $type: CONNECTOR_TYPE,
    name: spec.name,
    description: spec.description ?? "",
    commands: spec.commands,
    auths: spec.auths ?? [],
    triggers: spec.triggers ?? [],
    async close() {
      await spec.close?.();
    },
    parseConfig(raw) {
      if (!schema) return { ok: true, value: raw };
      const parsed = validateWith(schema, raw) as Validation<Record<string, unknown>>;
      if (!parsed.ok) return parsed;
      const unknown = droppedKeys(raw, parsed.value);
      return unknown.length > 0 ? { ok: false, problems: unknown } : parsed;
    },
  };
}

/** True for a connector from any copy of the SDK. */
export function isConnector(value: unknown): value is Connector {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { $type?: unknown }).$type === CONNECTOR_TYPE &&
    Array.isArray((value as { commands?: unknown }).commands)
  );
}
