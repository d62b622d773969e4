/**
 * AMQP connections, one per broker URL, opened on first use and reused by later calls.
 * A connection that closes or fails is forgotten, so the next call opens a fresh one.
 */
import { type CommandError, createConnectionCache, lazy, unreachable } from "@connector-proxy/sdk";
import type { ChannelModel } from "amqplib";

/** amqplib, imported on the first connection rather than at start-up. */
export const loadAmqplib = lazy(() => import("amqplib"));

/** The named error for a broker that cannot be reached (the message never shows credentials). */
export const brokerUnavailable = (url: string, cause: unknown): CommandError =>
  unreachable("BrokerUnavailable", "AMQP broker", url, cause);

/** Connections by broker URL: `get(url, timeoutMs)` opens within the timeout or throws `BrokerUnavailable`. */
export const amqpConnections = createConnectionCache<ChannelModel, number>({
  async open(url, timeoutMs, onClosed) {
    const { connect } = await loadAmqplib();
    let timer: NodeJS.Timeout | undefined;
    const connecting = connect(url, { timeout: timeoutMs });
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const connection = await Promise.race([connecting, late]);
      connection.on("error", () => {}); // always followed by "close"
      connection.on("close", onClosed);
      return connection;
    } catch (cause) {
      connecting.then((orphan) => orphan.close()).catch(() => {});
      throw brokerUnavailable(url, cause);
    } finally {
      clearTimeout(timer);
    }
  },
  isOpen: () => true, // a closed connection leaves the cache through onClosed
  close: (connection) => connection.close(),
});

/** Close every cached connection (proxy shutdown, tests). */
export const closeAmqpConnections = (): Promise<void> => amqpConnections.closeAll();
