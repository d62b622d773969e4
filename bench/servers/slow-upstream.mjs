/**
 * Bench child: an upstream that answers a small JSON object after DELAY_MS (default 2000),
 * for the concurrency scenario. Keeps connections alive and accepts a deep backlog.
 */
import { createServer } from "node:http";

const delay = Number(process.env.DELAY_MS ?? 2000);
const server = createServer((request, response) => {
  request.resume();
  setTimeout(() => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"ok":true}');
  }, delay);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", 4096, () => process.stdout.write(`READY ${server.address().port}\n`));
