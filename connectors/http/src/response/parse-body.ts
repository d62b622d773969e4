/**
 * Turning an upstream body into the command's answer body: JSON parsed, XML parsed to an
 * xmltodict-like object (attributes as `@name`, text as `#text`), anything else as
 * `{"raw_response": text}`; a body that does not parse as its type says is `{"raw_response"}`
 * with the reference's error (JSONDecodeError from json.loads, ExpatError from xmltodict).
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

/** xmltodict answers an empty element (`<note/>`, `<x> </x>`) as None, fast-xml-parser as "": null, as the reference. */
function emptyElementsAsNull(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(emptyElementsAsNull);
  if (typeof node !== "object" || node === null) return node === "" ? null : node;
  const element = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(element)) {
    if (!key.startsWith("@")) element[key] = emptyElementsAsNull(value);
  }
  return element;
}

/** An answer body, and why it is `{raw_response}` when its content type promised JSON or XML. */
export interface ParsedBody {
  value: unknown;
  /** The reference's code for a body that does not parse as its type says (it answers this error). */
  failure: { code: "JSONDecodeError" | "ExpatError"; message: string } | null;
}

/** The answer body for an upstream body of `contentType` (an empty one is `{raw_response: ""}`, never a failure). */
export function parseBody(bytes: Buffer, contentType: string): ParsedBody {
  const text = decodeText(bytes, contentType);
  const raw = { value: { raw_response: text }, failure: null };
  if (text.trim() === "") return raw;
  if (isJsonType(contentType)) {
    try {
      return { value: JSON.parse(text), failure: null };
    } catch (error) {
      return { ...raw, failure: { code: "JSONDecodeError", message: (error as Error).message } };
    }
  }
  if (isXmlType(contentType)) {
    try {
      return { value: emptyElementsAsNull(xmlParser().parse(text, true)), failure: null };
    } catch (error) {
      return { ...raw, failure: { code: "ExpatError", message: (error as Error).message } };
    }
  }
  return raw;
}
