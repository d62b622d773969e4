import { describe, expect, it } from "vitest";
import { parseDataUrl } from "../src/data-url.js";

describe("parseDataUrl", () => {
  it("decodes Arena's file data URL: media type, URL-decoded name and exact bytes", () => {
    const bytes = Uint8Array.from([0, 255, 128, 10]);
    const file = parseDataUrl(`data:image/png;name=my%20logo.png;base64,${Buffer.from(bytes).toString("base64")}`);
    expect(file).toEqual({ mimeType: "image/png", name: "my logo.png", bytes });
  });

  it("defaults the media type, has no name when none is given, and reads percent-encoded data", () => {
    expect(parseDataUrl("data:,h%C3%A9")).toEqual({
      mimeType: "application/octet-stream",
      name: null,
      bytes: new TextEncoder().encode("hé"),
    });
  });

  it("throws InvalidContent for text that is not a data URL or has bad base64", () => {
    expect(() => parseDataUrl("hello")).toThrow(expect.objectContaining({ code: "InvalidContent" }));
    expect(() => parseDataUrl("data:text/plain;base64,***")).toThrow(
      expect.objectContaining({ code: "InvalidContent" }),
    );
  });
});
