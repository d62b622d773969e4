/**
 * Bench child: the physical-limit baseline. A plain node:http server doing the same JSON work as
 * example/Example through the proxy: read the body, parse it, answer a v2 envelope.
 */
import { serveEnvelopes } from "./envelope-server.mjs";

serveEnvelopes(({ message }) => ({
  body: { connector_response: `You passed the example connector: '${message}'. Have a good day!` },
}));
