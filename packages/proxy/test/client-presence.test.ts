/** The Node adapter's client-disconnect signal: what execute needs of an AbortSignal, without one. */
import { describe, expect, it } from "vitest";
import { ClientPresence } from "../src/adapters/client-presence.js";

describe("ClientPresence", () => {
  it("calls each listener still registered once when the client goes away, and keeps the reason", () => {
    const presence = new ClientPresence();
    const called: string[] = [];
    const kept = () => called.push("kept");
    const removed = () => called.push("removed");
    presence.addEventListener("abort", kept);
    presence.addEventListener("abort", removed);
    presence.removeEventListener("abort", removed);
    const reason = new Error("client disconnected");
    presence.abort(reason);
    presence.abort(new Error("again"));
    expect(called).toEqual(["kept"]);
    expect(presence.aborted).toBe(true);
    expect(presence.reason).toBe(reason);
  });

  it("holds no listener added after the client left (execute checks `aborted` first)", () => {
    const presence = new ClientPresence();
    presence.abort(new Error("client disconnected"));
    let calls = 0;
    presence.addEventListener("abort", () => calls++);
    presence.abort(new Error("again"));
    expect(calls).toBe(0);
  });
});
