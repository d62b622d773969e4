/**
 * Data URLs as Arena sends uploaded files (`data:<mime>;name=<file name>;base64,<data>`):
 * the media type and file name besides the bytes that `decodeContent` gives.
 */
import { decodeContent } from "./binary-content.js";

/** A decoded data URL. */
export interface DataUrl {
  /** The media type, `application/octet-stream` when the URL names none. */
  mimeType: string;
  /** The `name=` parameter Arena adds (URL-decoded), or null. */
  name: string | null;
  bytes: Uint8Array;
}

/**
 * Decode a data URL (base64 or percent-encoded); a malformed one throws `InvalidContent`.
 *
 * @example
 * const file = parseDataUrl("data:text/plain;name=a.txt;base64,aGk=");
 * // { mimeType: "text/plain", name: "a.txt", bytes: Uint8Array [104, 105] }
 */
export function parseDataUrl(text: string): DataUrl {
  const bytes = decodeContent(text, "data_url");
  const header = text.slice("data:".length, text.indexOf(","));
  const [mimeType = "", ...parameters] = header.split(";");
  let name: string | null = null;
  for (const parameter of parameters) {
    const equals = parameter.indexOf("=");
    if (equals > 0 && parameter.slice(0, equals).trim().toLowerCase() === "name") {
      name = safeDecode(parameter.slice(equals + 1));
    }
  }
  return { mimeType: mimeType.trim() || "application/octet-stream", name, bytes };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
