import { EventEmitter } from "node:events";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeContent } from "../src/binary-content.js";
import { isCommandError } from "../src/command-error.js";
import { createConnectionCache, unreachable } from "../src/connection-cache.js";
import { pickNamed } from "../src/pick-named.js";
import { settingsOf } from "../src/settings-of.js";
import { closedPort, silentServer } from "../src/testing.js";

const errorCode = (thrown: () => unknown) => {
  try {
    thrown();
  } catch (error) {
    return isCommandError(error) ? error.code : "not a CommandError";
  }
  return "nothing thrown";
};

describe("decodeContent", () => {
  it("reads text, base64 and data URLs to the same bytes", () => {
    const bytes = Uint8Array.from([0, 1, 127, 128, 255]);
    const base64 = Buffer.from(bytes).toString("base64");
    expect(decodeContent(base64, "base64")).toEqual(bytes);
    expect(decodeContent(`data:application/octet-stream;base64,${base64}`, "data_url")).toEqual(bytes);
    expect(decodeContent("hé", "text")).toEqual(Uint8Array.from(Buffer.from("hé")));
  });

  it("refuses malformed content with InvalidContent", () => {
    expect(errorCode(() => decodeContent("not base64!", "base64"))).toBe("InvalidContent");
    expect(errorCode(() => decodeContent("plain text", "data_url"))).toBe("InvalidContent");
    expect(errorCode(() => decodeContent("data:,%E0%A4%A", "data_url"))).toBe("InvalidContent");
  });
});

describe("pickNamed", () => {
  const options = { kind: "broker", setting: "brokers", parameter: "broker", code: "BrokerNotConfigured" };

  it("picks by name, else the default entry, else the only entry", () => {
    expect(pickNamed({ a: 1, b: 2 }, "b", options)).toEqual({ name: "b", value: 2 });
    expect(pickNamed({ default: 1, b: 2 }, undefined, options)).toEqual({ name: "default", value: 1 });
    expect(pickNamed({ only: 3 }, undefined, options)).toEqual({ name: "only", value: 3 });
  });

  it("names the error when nothing matches, including inherited names", () => {
    expect(errorCode(() => pickNamed({ a: 1, b: 2 }, undefined, options))).toBe("BrokerNotConfigured");
    expect(errorCode(() => pickNamed({ a: 1 }, "toString", options))).toBe("BrokerNotConfigured");
  });
});

class FakeConnection extends EventEmitter {
  closed = false;
  close() {
    this.closed = true;
    this.emit("close");
    return Promise.resolve();
  }
}

describe("createConnectionCache", () => {
  function cache() {
    const opened: FakeConnection[] = [];
    let failNext = false;
    const connections = createConnectionCache<FakeConnection, undefined>({
      async open(_key, _options, onClosed) {
        if (failNext) {
          failNext = false;
          throw new Error("refused");
        }
        const connection = new FakeConnection();
        connection.on("close", onClosed);
        opened.push(connection);
        return connection;
      },
      isOpen: (connection) => !connection.closed,
      close: (connection) => connection.close(),
    });
    return { connections, opened, failNextOpen: () => (failNext = true) };
  }

  it("reuses one connection per key, also for concurrent callers", async () => {
    const { connections, opened } = cache();
    const [a, b] = await Promise.all([connections.get("x", undefined), connections.get("x", undefined)]);
    expect(a).toBe(b);
    expect(await connections.get("y", undefined)).not.toBe(a);
    expect(opened).toHaveLength(2);
  });

  it("forgets connections that closed, were dropped or failed to open", async () => {
    const { connections, opened, failNextOpen } = cache();
    const first = await connections.get("x", undefined);
    first.emit("close");
    const second = await connections.get("x", undefined);
    expect(second).not.toBe(first);
    connections.drop("x");
    await Promise.resolve();
    expect(second.closed).toBe(true);
    failNextOpen();
    await expect(connections.get("x", undefined)).rejects.toThrow("refused");
    const third = await connections.get("x", undefined);
    expect(opened).toEqual([first, second, third]);
    await connections.closeAll();
    expect(third.closed).toBe(true);
  });

  it("describes an unreachable endpoint without its credentials", () => {
    const error = unreachable(
      "BrokerUnavailable",
      "AMQP broker",
      "amqp://user:secret@rabbit:5672",
      new Error("ECONNREFUSED"),
    );
    expect(error.code).toBe("BrokerUnavailable");
    expect(error.httpStatus).toBe(503);
    expect(error.message).toBe("AMQP broker rabbit:5672 is unavailable: ECONNREFUSED");
  });
});

describe("settingsOf", () => {
  it("parses each config object once per schema, with defaults, and tells configs apart", () => {
    let parses = 0;
    const schema = z.object({ host: z.string(), port: z.number().default(25) }).transform((value) => {
      parses += 1;
      return value;
    });
    const first = { host: "a" };
    const second = { host: "b", port: 2525 };
    expect(settingsOf(schema, first)).toEqual({ host: "a", port: 25 });
    expect(settingsOf(schema, first)).toBe(settingsOf(schema, first));
    expect(settingsOf(schema, second)).toEqual({ host: "b", port: 2525 });
    expect(parses).toBe(2);
    expect(() => settingsOf(schema, { port: 1 })).toThrow(/host/);
  });
});

describe("closedPort and silentServer", () => {
  const connectTo = (port: number) =>
    new Promise<{ connected: boolean; data: string }>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let data = "";
      socket.on("data", (chunk) => {
        data += chunk;
      });
      socket.once("error", () => resolve({ connected: false, data }));
      socket.once("connect", () =>
        setTimeout(() => {
          socket.destroy();
          resolve({ connected: true, data });
        }, 100),
      );
    });

  it("gives a port that refuses connections, and a server that accepts and says nothing", async () => {
    expect(await connectTo(await closedPort())).toEqual({ connected: false, data: "" });
    const silent = await silentServer();
    expect(await connectTo(silent.port)).toEqual({ connected: true, data: "" });
    await silent.close();
    expect((await connectTo(silent.port)).connected).toBe(false);
  });
});
