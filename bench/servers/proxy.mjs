/**
 * Bench child: a real connector proxy from BENCH_PROXY_CONFIG (a config object as JSON), on 127.0.0.1:0.
 * Logs go to /dev/null at the configured level, so their cost is measured.
 */

import { createProxy, parseConfig } from "@connector-proxy/proxy";
import { listen } from "@connector-proxy/proxy/node";
import { pino } from "pino";

const raw = JSON.parse(process.env.BENCH_PROXY_CONFIG ?? "{}");
const proxy = await createProxy({
  config: { ...parseConfig(raw, process.env, "bench config"), baseDir: process.cwd(), file: null },
  logDestination: pino.destination("/dev/null"),
});
const server = await listen(proxy, 0, "127.0.0.1");
process.stdout.write(`READY ${server.port}\n`);
