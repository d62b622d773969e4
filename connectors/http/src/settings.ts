/**
 * The http connector's settings (`connectors.http.settings` in the proxy configuration):
 * response size limit, redirects, forward proxy and the egress policy (SSRF guard).
 */
import { z } from "@connector-proxy/sdk";
import { isCidr } from "./egress/cidr.js";

const cidrList = z
  .array(z.string().refine(isCidr, { message: "not an IP address or CIDR range (e.g. 10.0.0.0/8, fd00::/8)" }))
  .default([]);
const hostList = z.array(z.string().min(1)).default([]);

export const egressSettingsSchema = z.strictObject({
  allow_hosts: hostList.describe(
    "When this or allow_cidrs is set, only these host names (exact, or *.example.com) may be called",
  ),
  allow_cidrs: cidrList.describe("When this or allow_hosts is set, only these resolved addresses may be called"),
  deny_hosts: hostList.describe("Host names never called (exact, or *.example.com); wins over the allow lists"),
  deny_cidrs: cidrList.describe("Resolved addresses never called (e.g. 10.0.0.0/8); wins over the allow lists"),
  deny_metadata_endpoints: z
    .boolean()
    .default(true)
    .describe("Deny cloud metadata endpoints (169.254.0.0/16, fd00:ec2::254, metadata.google.internal, ...)"),
});

export const httpSettingsSchema = z.strictObject({
  max_response_bytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024)
    .describe("Largest upstream response body read; bigger answers fail with ResponseTooLarge"),
  max_redirects: z
    .number()
    .int()
    .min(0)
    .max(30)
    .default(30)
    .describe("Redirects followed (30, as Python requests); more is TooManyRedirects; 0 answers the 3xx itself"),
  http_proxy: z.string().optional().describe("Forward proxy for http:// URLs (default: HTTP_PROXY)"),
  https_proxy: z.string().optional().describe("Forward proxy for https:// URLs (default: HTTPS_PROXY)"),
  no_proxy: z.string().optional().describe("Hosts reached without the proxy (default: NO_PROXY)"),
  egress: egressSettingsSchema.prefault({}).describe("Which destinations may be called (SSRF guard)"),
});

export type HttpSettings = z.output<typeof httpSettingsSchema>;
export type EgressSettings = z.output<typeof egressSettingsSchema>;
