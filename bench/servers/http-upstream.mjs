/**
 * Bench child: the upstream that http/GetRequestV2 calls, a small JSON answer over keep-alive.
 */
import { createServer } from "node:http";

const answer = JSON.stringify({ id: 42, name: "widget", tags: ["a", "b"], price: 9.5 });
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) });
  res.end(answer);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${server.address().port}\n`));
