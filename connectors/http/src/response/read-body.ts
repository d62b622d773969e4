/**
 * Reading an upstream body under the size limit: refused up front when Content-Length
 * is too big, and cut off (connection dropped) as soon as the streamed bytes pass it,
 * so a huge answer never sits in memory.
 */
import { CommandError } from "@connector-proxy/sdk";
import type { Dispatcher } from "undici";

function tooLarge(limit: number, seen: string): CommandError {
  return new CommandError(
    "ResponseTooLarge",
    `The response body is larger than ${limit} bytes (${seen}): ask for less data, or raise max_response_bytes in the http connector's settings`,
    { httpStatus: 413 },
  );
}

/**
 * The whole body as a Buffer, or a `ResponseTooLarge` CommandError past `limit` bytes.
 * `hasBody` is false for the answer to HEAD, whose Content-Length describes a body never sent.
 */
export function readBody(response: Dispatcher.ResponseData, limit: number, hasBody: boolean): Promise<Buffer> {
  const { body } = response;
  const declared = hasBody ? Number(response.headers["content-length"]) : 0;
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    return Promise.reject(tooLarge(limit, `Content-Length ${declared}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      body.destroy();
      reject(tooLarge(limit, `more than ${limit} bytes received`));
    });
    body.once("end", () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size)));
    body.once("error", reject);
  });
}
