/**
 * File content as it travels in task data: plain text, base64, or a data URL.
 * Runtime-neutral (no Buffer), so any connector can turn a parameter into bytes.
 */
import { z } from "zod";
import { CommandError } from "./command-error.js";

/** How a `content` parameter is written. */
export const contentEncodingSchema = z
  .enum(["text", "base64", "data_url"])
  .default("text")
  .describe('How "content" is written: text (UTF-8), base64, or a data URL (data:...;base64,...)');

export type ContentEncoding = z.output<typeof contentEncodingSchema>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([^,]*?)(;base64)?,(.*)$/s;

/**
 * Turn a content parameter into bytes; a malformed value throws `InvalidContent`.
 *
 * @example
 * decodeContent("aGk=", "base64"); // Uint8Array [104, 105]
 * decodeContent("data:text/plain,hi", "data_url"); // Uint8Array [104, 105]
 */
export function decodeContent(content: string, encoding: ContentEncoding): Uint8Array {
  if (encoding === "text") return new TextEncoder().encode(content);
  if (encoding === "base64") return fromBase64(content, "content");
  const match = DATA_URL.exec(content);
  if (!match) {
    throw new CommandError(
      "InvalidContent",
      'content is not a data URL: it must look like "data:<type>;base64,<data>"',
    );
  }
  const data = match[3] ?? "";
  if (match[2]) return fromBase64(data, "the data URL");
  try {
    return new TextEncoder().encode(decodeURIComponent(data));
  } catch (cause) {
    throw new CommandError("InvalidContent", "The data URL has a malformed percent-encoding", { cause });
  }
}

function fromBase64(text: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw new CommandError("InvalidContent", `${what} is not valid base64 (set content_encoding to match the value)`);
  }
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
