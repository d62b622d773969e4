/**
 * What the Node adapter answers when a connection fails before its request reaches a route: a
 * request not received within `limits.body_read_seconds` / `header_read_seconds` (408, as
 * JSON), a malformed request (400) or oversized headers (431). Then the connection is closed.
 */
import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { proxyErrorOutcome } from "@connector-proxy/sdk";
import type { Logger } from "../log/logger.js";

function rawAnswer(status: number, reason: string, body: unknown): string {
  const text = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${reason}`,
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(text)}`,
    "Connection: close",
    "",
    text,
  ].join("\r\n");
}

function answerFor(code: string | undefined): string {
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") {
    const { envelope } = proxyErrorOutcome(
      "RequestTimeout",
      "The request did not arrive in time: send the whole request at once (limits.body_read_seconds and limits.header_read_seconds in the proxy configuration)",
    );
    return rawAnswer(408, "Request Timeout", envelope);
  }
  if (code === "HPE_HEADER_OVERFLOW") {
    return rawAnswer(431, "Request Header Fields Too Large", { error: "The request headers are too large" });
  }
  return rawAnswer(400, "Bad Request", { error: `The request is not valid HTTP/1.1 (${code ?? "unknown error"})` });
}

/** The server's `clientError` listener: answer when nothing was answered yet on the socket, then close it. */
export function answerClientError(logger: Logger, error: NodeJS.ErrnoException, socket: Duplex): void {
  // Node's own listener checks the same: an answer already under way must not get a second one
  const answering = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code !== "ECONNRESET" && socket.writable && !answering?.headersSent) {
    socket.write(answerFor(error.code));
    logger.info({ code: error.code }, "a request was refused before reaching a route");
  }
  socket.destroy();
}
