/**
 * AMQP connections, one per broker URL, opened on first use and reused by later calls.
 * A connection that closes or fails is forgotten, so the next call opens a fresh one.
 */
import { CommandError } from "@connector-proxy/sdk";
import { type ChannelModel, connect } from "amqplib";

const connections = new Map<string, Promise<ChannelModel>>();

/** The cached connection to `url`, opening it within `timeoutMs`; `BrokerUnavailable` when that fails. */
export function amqpConnection(url: string, timeoutMs: number): Promise<ChannelModel> {
  const cached = connections.get(url);
  if (cached) return cached;
  const opening = open(url, timeoutMs);
  connections.set(url, opening);
  opening.catch(() => forget(url, opening));
  return opening;
}

async function open(url: string, timeoutMs: number): Promise<ChannelModel> {
  let timer: NodeJS.Timeout | undefined;
  const connecting = connect(url, { timeout: timeoutMs });
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const connection = await Promise.race([connecting, timedOut]);
    const self = connections.get(url);
    connection.on("error", () => {}); // followed by "close"
    connection.on("close", () => self && forget(url, self));
    return connection;
  } catch (cause) {
    connecting.then((late) => late.close()).catch(() => {});
    throw brokerUnavailable(url, cause);
  } finally {
    clearTimeout(timer);
  }
}

function forget(url: string, entry: Promise<ChannelModel>): void {
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
export async function closeAmqpConnections(): Promise<void> {
  const all = [...connections.values()];
  connections.clear();
  await Promise.allSettled(all.map(async (entry) => (await entry).close()));
}

/** The named error for a broker that cannot be reached; the message names the host, never the credentials. */
export function brokerUnavailable(url: string, cause: unknown): CommandError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CommandError("BrokerUnavailable", `AMQP broker ${hostOf(url)} is unavailable: ${reason}`, {
    httpStatus: 503,
    cause,
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}
