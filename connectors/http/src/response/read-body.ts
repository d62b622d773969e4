/**
 * Reading an upstream body under the size limit: refused up front when Content-Length
 * is too big, decompressed when the upstream compressed it (gzip, deflate, br), and cut
 * off (connection dropped) as soon as the decoded bytes pass the limit, so neither a huge
 * answer nor a compression bomb ever sits in memory.
 */
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { CommandError } from "@connector-proxy/sdk";
import type { Dispatcher } from "undici";

/** What this connector asks for, and can decode. */
export const ACCEPT_ENCODING = "gzip, deflate, br";

const DECODERS: Record<string, () => NodeJS.ReadWriteStream & Readable> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

function tooLarge(limit: number, seen: string): CommandError {
  return new CommandError(
    "ResponseTooLarge",
    `The response body is larger than ${limit} bytes (${seen}): ask for less data, or raise max_response_bytes in the http connector's settings`,
    { httpStatus: 413 },
  );
}

function headerText(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim().toLowerCase();
}

/**
 * The whole decoded body as a Buffer, or a `ResponseTooLarge` CommandError past `limit` bytes.
 * `hasBody` is false for the answer to HEAD, whose Content-Length describes a body never sent.
 */
export function readBody(response: Dispatcher.ResponseData, limit: number, hasBody: boolean): Promise<Buffer> {
  const { body } = response;
  const declared = hasBody ? Number(response.headers["content-length"]) : 0;
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    return Promise.reject(tooLarge(limit, `Content-Length ${declared}`));
  }
  const decoder = DECODERS[headerText(response.headers["content-encoding"])];
  const source: Readable = decoder ? body.pipe(decoder()) : body;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      body.destroy();
      if (source !== body) source.destroy();
      reject(error);
    };
    if (source !== body) body.once("error", fail);
    source.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      fail(tooLarge(limit, `more than ${limit} bytes${decoder ? " once decompressed" : ""}`));
    });
    source.once("end", () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size)));
    source.once("error", fail);
  });
}
