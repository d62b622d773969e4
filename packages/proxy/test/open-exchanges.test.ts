/** The Node adapter's ring of requests whose answers are not finished (what a drain walks). */
import { describe, expect, it } from "vitest";
import { OpenExchanges, RingMember } from "../src/adapters/open-exchanges.js";

class Named extends RingMember {
  constructor(readonly name: string) {
    super();
  }
}

describe("OpenExchanges", () => {
  it("walks its members in the order they came, without those deleted, and a second delete is harmless", () => {
    const open = new OpenExchanges<Named>();
    const [a, b, c] = [new Named("a"), new Named("b"), new Named("c")];
    for (const member of [a, b, c]) open.add(member);
    open.delete(b);
    open.delete(b);
    expect([...open].map((member) => member.name)).toEqual(["a", "c"]);
    open.delete(a);
    open.delete(c);
    expect([...open]).toEqual([]);
    open.add(b);
    expect([...open].map((member) => member.name)).toEqual(["b"]);
  });
});
