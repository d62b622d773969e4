/**
 * NATS connections, one per server URL, opened on first use and reused by later calls.
 * Reconnection is off: a connection that closes is forgotten, so the next call reconnects
 * and a server that is down is reported instead of waited for.
 */
import {
  brokerUrl,
  type CommandContext,
  type CommandError,
  createConnectionCache,
  unreachable,
} from "@connector-proxy/sdk";
import type { NatsConnection } from "nats";
import { loadNats } from "./load-nats.js";
import { readNatsSettings } from "./settings.js";

/** The named error for a server that cannot be reached (the message never shows credentials). */
export const brokerUnavailable = (url: string, cause: unknown): CommandError =>
  unreachable("BrokerUnavailable", "NATS server", url, cause);

/** Connections by server URL: `get(url, timeoutMs)` connects within the timeout or throws `BrokerUnavailable`. */
export const natsConnections = createConnectionCache<NatsConnection, number>({
  async open(url, timeoutMs, onClosed) {
    const { connect } = await loadNats();
    try {
      const connection = await connect({
        ...natsConnectOptions(url),
        timeout: timeoutMs,
        reconnect: false,
        maxReconnectAttempts: 0,
      });
      void connection.closed().then(onClosed);
      return connection;
    } catch (cause) {
      throw brokerUnavailable(url, cause);
    }
  },
  isOpen: (connection) => !connection.isClosed(),
  close: (connection) => connection.close(),
});

/** nats.js ignores credentials in a URL: `nats://user:pass@host` and `nats://token@host` become options. */
export function natsConnectOptions(url: string): { servers: string; user?: string; pass?: string; token?: string } {
  const parsed = new URL(url);
  const servers = `${parsed.protocol}//${parsed.host}`;
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  if (!user) return { servers };
  return pass ? { servers, user, pass } : { servers, token: user };
}

/** The connection to the broker a call names (see the `broker` parameter), and its URL. */
export async function connectionFor(broker: string | undefined, ctx: CommandContext) {
  const settings = readNatsSettings(ctx.config);
  const url = brokerUrl(settings, broker, "NATS server");
  const timeoutMs = Math.max(1, Math.min(settings.connect_timeout_ms, ctx.deadline - Date.now()));
  return { url, connection: await natsConnections.get(url, timeoutMs) };
}

/** Close every cached connection (proxy shutdown, tests). */
export const closeNatsConnections = (): Promise<void> => natsConnections.closeAll();
