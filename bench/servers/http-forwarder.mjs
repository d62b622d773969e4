/**
 * Bench child: the hand-written baseline for http/GetRequestV2. A plain node:http server that
 * reads {"url"} from the POST body, GETs it with undici over one shared keep-alive Agent, and
 * answers the v2 envelope with the parsed JSON body. No validation, egress checks or logs.
 */
import { Agent, request } from "undici";
import { serveEnvelopes } from "./envelope-server.mjs";

const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

serveEnvelopes(async ({ url }) => {
  const upstream = await request(url, { dispatcher });
  return { body: await upstream.body.json(), http_status: upstream.statusCode };
});
