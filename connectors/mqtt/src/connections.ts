/**
 * MQTT clients, one per broker URL, connected on first use and reused by later calls.
 * Automatic reconnection is off: a client that closes or fails is forgotten and ended,
 * so the next call connects afresh (and a down broker is reported, not retried forever).
 */
import { CommandError } from "@connector-proxy/sdk";
import { connect, type MqttClient } from "mqtt";

const clients = new Map<string, Promise<MqttClient>>();

export interface ConnectOptions {
  timeoutMs: number;
  protocolVersion: 3 | 4 | 5;
}

/** A connected client for `url`; `BrokerUnavailable` when it cannot connect within the timeout. */
export async function mqttClient(url: string, options: ConnectOptions): Promise<MqttClient> {
  const cached = clients.get(url);
  if (cached) {
    const client = await cached.catch(() => null);
    if (client?.connected) return client;
    forget(url, cached);
  }
  const opening = open(url, options);
  clients.set(url, opening);
  opening.catch(() => forget(url, opening));
  return opening;
}

function open(url: string, options: ConnectOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(url, {
      reconnectPeriod: 0,
      connectTimeout: options.timeoutMs,
      protocolVersion: options.protocolVersion,
      clientId: `connector-proxy-${crypto.randomUUID()}`,
    });
    const fail = (cause: unknown) => {
      clearTimeout(timer);
      client.off("connect", connected);
      client.on("error", () => {}); // late errors of a client we are discarding
      client.end(true);
      reject(brokerUnavailable(url, cause));
    };
    const closed = () => fail(new Error("the connection closed before the broker accepted it"));
    const connected = () => {
      clearTimeout(timer);
      client.off("error", fail);
      client.off("close", closed);
      const entry = clients.get(url);
      const drop = () => {
        if (entry) forget(url, entry);
        client.end(true);
      };
      client.on("error", drop);
      client.on("close", drop);
      resolve(client);
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    client.once("error", fail);
    client.once("close", closed);
    client.once("connect", connected);
  });
}

function forget(url: string, entry: Promise<MqttClient>): void {
  if (clients.get(url) === entry) clients.delete(url);
}

/** End every cached client (proxy shutdown, tests). */
export async function closeMqttClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.allSettled(all.map(async (entry) => (await entry).endAsync()));
}

/** The named error for a broker that cannot be reached; the message names the host, never the credentials. */
export function brokerUnavailable(url: string, cause: unknown): CommandError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  let host = "(invalid URL)";
  try {
    host = new URL(url).host;
  } catch {}
  return new CommandError("BrokerUnavailable", `MQTT broker ${host} is unavailable: ${reason}`, {
    httpStatus: 503,
    cause,
  });
}
