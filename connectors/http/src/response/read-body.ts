/**
 * Reading an upstream body under the size limit, chunk by chunk as the transport hands it
 * over: refused up front when Content-Length is too big, decompressed when the upstream
 * compressed it (gzip, deflate, br), and refused as soon as the decoded bytes pass the limit,
 * so neither a huge answer nor a compression bomb ever sits in memory.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { CommandError } from "@connector-proxy/sdk";

/** What this connector asks for, and can decode. */
export const ACCEPT_ENCODING = "gzip, deflate, br";

const DECODERS: Record<string, () => Transform> = {
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
 * The ResponseTooLarge error for an answer whose Content-Length is over `limit`, else null.
 * `hasBody` is false for the answer to HEAD, whose Content-Length describes a body never sent.
 */
export function declaredTooLarge(headers: IncomingHttpHeaders, limit: number, hasBody: boolean): CommandError | null {
  const declared = hasBody ? Number(headers["content-length"]) : 0;
  return Number.isFinite(declared) && declared > limit ? tooLarge(limit, `Content-Length ${declared}`) : null;
}

/** How the sender of the chunks is told to wait while the decoder catches up. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

/** Called once: with the whole decoded body, or with the error that ended the reading. */
export type BodyDone = (error: Error | null, body: Buffer) => void;

const EMPTY = Buffer.alloc(0);

/**
 * Collects one response body. Plain bodies are kept as the chunks arrive (no stream in
 * between: most answers are small JSON); compressed ones go through a zlib decoder, created on
 * the first byte: an empty body (HEAD, 204, 304, or any empty answer labelled gzip, as nginx
 * sends them) is empty, not a broken gzip stream (Python's requests answers it alike).
 */
export class BodyReader {
  readonly #limit: number;
  readonly #done: BodyDone;
  readonly #createDecoder: (() => Transform) | undefined;
  #decoder: Transform | null = null;
  readonly #flow: FlowControl;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #finished = false;

  /** A reader for an answer with `headers`; `done` receives its body. */
  constructor(headers: IncomingHttpHeaders, limit: number, flow: FlowControl, done: BodyDone) {
    this.#createDecoder = DECODERS[headerText(headers["content-encoding"])];
    this.#limit = limit;
    this.#done = done;
    this.#flow = flow;
  }

  /** One chunk of the body as received (the sender is paused while the decoder is full). */
  write(chunk: Buffer): void {
    if (this.#finished || chunk.length === 0) return;
    const decoder = this.#decoder ?? (this.#createDecoder ? this.#startDecoder(this.#createDecoder()) : null);
    if (!decoder) this.#keep(chunk);
    else if (!decoder.write(chunk)) this.#flow.pause();
  }

  /** The body is complete. */
  end(): void {
    if (this.#decoder) this.#decoder.end();
    else this.#finish(null);
  }

  /** Stop reading (the request failed or was cancelled); `done` is not called. */
  destroy(): void {
    this.#finished = true;
    this.#decoder?.destroy();
  }

  #startDecoder(decoder: Transform): Transform {
    this.#decoder = decoder;
    decoder.on("data", (chunk: Buffer) => this.#keep(chunk));
    decoder.once("end", () => this.#finish(null));
    decoder.once("error", (error: Error) => this.#finish(error));
    decoder.on("drain", () => this.#flow.resume());
    return decoder;
  }

  #keep(chunk: Buffer): void {
    if (this.#finished) return;
    this.#size += chunk.length;
    if (this.#size <= this.#limit) return void this.#chunks.push(chunk);
    const seen = `more than ${this.#limit} bytes${this.#decoder ? " once decompressed" : ""}`;
    this.#finish(tooLarge(this.#limit, seen));
  }

  #finish(error: Error | null): void {
    if (this.#finished) return;
    this.#finished = true;
    if (error) {
      this.#decoder?.destroy();
      this.#done(error, EMPTY);
    } else {
      const chunks = this.#chunks;
      this.#done(null, chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, this.#size));
    }
  }
}
