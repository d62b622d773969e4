/**
 * Bench child: a real connector proxy from BENCH_PROXY_CONFIG (a config object as JSON), on 127.0.0.1:0.
 * Logs go to /dev/null at the configured level, batched as `serve` writes them, so their cost is measured.
 */

import { bufferedLogDestination, createProxy, parseConfig } from "@connector-proxy/proxy";
import { listen } from "@connector-proxy/proxy/node";

const raw = JSON.parse(process.env.BENCH_PROXY_CONFIG ?? "{}");
const proxy = await createProxy({
  config: { ...parseConfig(raw, process.env, "bench config"), baseDir: process.cwd(), file: null },
  logDestination: bufferedLogDestination("/dev/null"), // as `serve` writes them
});
const server = await listen(proxy, 0, "127.0.0.1");
process.stdout.write(`READY ${server.port}\n`);
