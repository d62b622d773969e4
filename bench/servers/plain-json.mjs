/**
 * Bench child: the physical-limit baseline. A plain node:http server doing the same JSON work as
 * example/Example through the proxy: read the body, parse it, answer a v2 envelope.
 */
import { createServer } from "node:http";

const server = createServer((req, res) => {
  let text = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => {
    text += chunk;
  });
  req.on("end", () => {
    const { message } = JSON.parse(text);
    const envelope = {
      command_response: {
        body: { connector_response: `You passed the example connector: '${message}'. Have a good day!` },
        mimetype: "application/json",
        http_status: 200,
        headers: {},
      },
      command_response_version: 2,
      error: null,
      spiff__logs: [],
    };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(envelope));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${server.address().port}\n`));
