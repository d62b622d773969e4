/**
 * Limits on what one caller may make the proxy hold: JSON nesting, how long a request may take
 * to arrive, idle keep-alive connections and open connections. Part of the proxy configuration
 * schema (config-schema.ts); the Node adapter applies the connection limits.
 */
import { z } from "@connector-proxy/sdk";

export const limitsSettingsSchema = z
  .strictObject({
    json_depth: z
      .number()
      .int()
      .min(2)
      .max(1000)
      .default(128)
      .describe("Deepest nesting of arrays and objects accepted in a request body; deeper: 400 InvalidRequestBody"),
    body_read_seconds: z
      .number()
      .positive()
      .default(30)
      .describe("A request (headers and body) must arrive within this time, else 408 and the connection is closed"),
    header_read_seconds: z
      .number()
      .positive()
      .default(10)
      .describe(
        "A request's headers must arrive within this time, else the connection is closed (at most body_read_seconds)",
      ),
    keep_alive_seconds: z
      .number()
      .positive()
      .default(5)
      .describe(
        "How long an idle keep-alive connection stays open (behind a load balancer, set it above the balancer's idle timeout)",
      ),
    max_connections: z
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe("Open connections at most (per process); beyond it new connections are closed at once"),
  })
  .refine((limits) => limits.header_read_seconds <= limits.body_read_seconds, {
    message: "limits.header_read_seconds must not be above limits.body_read_seconds",
    path: ["header_read_seconds"],
  });

export type LimitsSettings = z.output<typeof limitsSettingsSchema>;
