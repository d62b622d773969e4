import { describe, expect, it } from "vitest";
import { lazy } from "../src/lazy-import.js";

describe("lazy", () => {
  it("does not load before the first call, then loads once for every caller", async () => {
    let loads = 0;
    const load = lazy(async () => {
      loads += 1;
      return import("node:zlib");
    });
    expect(loads).toBe(0);
    const [first, second] = await Promise.all([load(), load()]);
    expect(loads).toBe(1);
    expect(first).toBe(second);
    expect(typeof first.gzipSync).toBe("function");
    expect(await load()).toBe(first);
    expect(loads).toBe(1);
  });

  it("caches what a synchronous load returns", () => {
    let loads = 0;
    const load = lazy(() => {
      loads += 1;
      return { built: loads };
    });
    expect(loads).toBe(0);
    expect(load()).toBe(load());
    expect(loads).toBe(1);
  });
});
