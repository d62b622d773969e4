/**
 * MQTT clients, one per broker URL, connected on first use and reused by later calls.
 * Automatic reconnection is off: a client that closes or fails is forgotten and ended,
 * so the next call connects afresh (and a down broker is reported, not retried forever).
 */
import { type CommandError, createConnectionCache, lazy, unreachable } from "@connector-proxy/sdk";
import type { MqttClient } from "mqtt";

/** MQTT.js, imported on the first connection rather than at start-up. */
export const loadMqtt = lazy(() => import("mqtt"));

export interface ConnectOptions {
  timeoutMs: number;
  protocolVersion: 3 | 4 | 5;
}

/** The named error for a broker that cannot be reached (the message never shows credentials). */
export const brokerUnavailable = (url: string, cause: unknown): CommandError =>
  unreachable("BrokerUnavailable", "MQTT broker", url, cause);

/** Clients by broker URL: `get(url, options)` connects within the timeout or throws `BrokerUnavailable`. */
export const mqttClients = createConnectionCache<MqttClient, ConnectOptions>({
  open: async (url, options, onClosed) => {
    const { connect } = await loadMqtt();
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
        const drop = () => {
          onClosed();
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
  },
  isOpen: (client) => client.connected,
  close: (client) => client.endAsync(),
});

/** End every cached client (proxy shutdown, tests). */
export const closeMqttClients = (): Promise<void> => mqttClients.closeAll();
