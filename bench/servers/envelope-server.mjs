/**
 * The hand-written baselines' common part: a plain node:http server that reads a JSON body,
 * hands the parsed object to `answer`, and replies a v2 envelope with what it returns
 * (`{ body, http_status }`). Prints `READY <port>` once listening on 127.0.0.1:0.
 */
import { createServer } from "node:http";

export function serveEnvelopes(answer) {
  const server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", async () => {
      const { body, http_status = 200 } = await answer(JSON.parse(text));
      const envelope = {
        command_response: { body, mimetype: "application/json", http_status, headers: {} },
        command_response_version: 2,
        error: null,
        spiff__logs: [],
      };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(envelope));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () =>
    process.stdout.write(`READY ${server.address().port}\n`),
  );
}
