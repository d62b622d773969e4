/**
 * Bench child: the hand-written baseline for http/GetRequestV2. A plain node:http server that
 * reads {"url"} from the POST body, GETs it with undici over one shared keep-alive Agent, and
 * answers the v2 envelope with the parsed JSON body. No validation, egress checks or logs.
 */
import { createServer } from "node:http";
import { Agent, request } from "undici";

const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

const server = createServer((req, res) => {
  let text = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => {
    text += chunk;
  });
  req.on("end", async () => {
    const { url } = JSON.parse(text);
    const upstream = await request(url, { dispatcher });
    const body = await upstream.body.json();
    const envelope = {
      command_response: { body, mimetype: "application/json", http_status: upstream.statusCode, headers: {} },
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
