/**
 * NATS connections, one per server URL, opened on first use and reused by later calls.
 * Reconnection is off: a connection that closes is forgotten, so the next call reconnects
 * and a server that is down is reported instead of waited for.
 */
import { CommandError } from "@connector-proxy/sdk";
import { connect, type NatsConnection } from "nats";

const connections = new Map<string, Promise<NatsConnection>>();

/** The open connection to `url`; `BrokerUnavailable` when it cannot connect within `timeoutMs`. */
export async function natsConnection(url: string, timeoutMs: number): Promise<NatsConnection> {
  const cached = connections.get(url);
  if (cached) {
    const connection = await cached.catch(() => null);
    if (connection && !connection.isClosed()) return connection;
    forget(url, cached);
  }
  const opening = open(url, timeoutMs);
  connections.set(url, opening);
  opening.catch(() => forget(url, opening));
  return opening;
}

async function open(url: string, timeoutMs: number): Promise<NatsConnection> {
  let connection: NatsConnection;
  try {
    connection = await connect({ servers: url, timeout: timeoutMs, reconnect: false, maxReconnectAttempts: 0 });
  } catch (cause) {
    throw brokerUnavailable(url, cause);
  }
  const entry = connections.get(url);
  connection.closed().then(() => entry && forget(url, entry));
  return connection;
}

function forget(url: string, entry: Promise<NatsConnection>): void {
  if (connections.get(url) === entry) connections.delete(url);
}

/** Close the connection to `url` after a failure it caused, so the next call reconnects. */
export function dropConnection(url: string): void {
  const entry = connections.get(url);
  if (!entry) return;
  connections.delete(url);
  entry.then((connection) => connection.close()).catch(() => {});
}

/** Close every cached connection (proxy shutdown, tests). */
export async function closeNatsConnections(): Promise<void> {
  const all = [...connections.values()];
  connections.clear();
  await Promise.allSettled(all.map(async (entry) => (await entry).close()));
}

/** The named error for a server that cannot be reached; the message names the host, never the credentials. */
export function brokerUnavailable(url: string, cause: unknown): CommandError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  let host = "(invalid URL)";
  try {
    host = new URL(url).host;
  } catch {}
  return new CommandError("BrokerUnavailable", `NATS server ${host} is unavailable: ${reason}`, {
    httpStatus: 503,
    cause,
  });
}
