/**
 * Turning an upstream body into the command's answer body: JSON parsed, XML parsed to an
 * xmltodict-like object (attributes as `@name`, text as `#text`), anything else as
 * `{"raw_response": text}`.
 */
import { createRequire } from "node:module";
import { lazy } from "@connector-proxy/sdk";
import type { XMLParser } from "fast-xml-parser";

/**
 * The XML parser, built on the first XML body (fast-xml-parser is not loaded before).
 * Required synchronously, so the common JSON answer is parsed without an async step.
 */
const xmlParser = lazy((): XMLParser => {
  const { XMLParser: Parser }: typeof import("fast-xml-parser") = createRequire(import.meta.url)("fast-xml-parser");
  return new Parser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    textNodeName: "#text",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
});

function charsetOf(contentType: string): string {
  const match = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType);
  return match?.[1]?.toLowerCase() ?? "utf-8";
}

/** Decode with the declared charset (UTF-8 when absent or unknown). */
export function decodeText(bytes: Buffer, contentType: string): string {
  const charset = charsetOf(contentType);
  if (charset === "utf-8" || charset === "utf8") return bytes.toString("utf8");
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

export function isJsonType(contentType: string): boolean {
  return /application\/(?:[\w.+-]+\+)?json/i.test(contentType);
}

export function isXmlType(contentType: string): boolean {
  return /(?:application|text)\/(?:[\w.+-]+\+)?xml/i.test(contentType);
}

/** The answer body for an upstream body of `contentType`. */
export function parseBody(bytes: Buffer, contentType: string): unknown {
  const text = decodeText(bytes, contentType);
  if (isJsonType(contentType) && text.trim() !== "") {
    try {
      return JSON.parse(text);
    } catch {
      return { raw_response: text };
    }
  }
  if (isXmlType(contentType) && text.trim() !== "") {
    try {
      return xmlParser().parse(text, true);
    } catch {
      return { raw_response: text };
    }
  }
  return { raw_response: text };
}
