/**
 * The egress policy. Only loopback addresses are ever contacted: 127.0.0.2 plays the
 * denied range; metadata endpoints are checked at the policy level or refused by name
 * with a resolver that could only answer loopback.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import { connect } from "node:net";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnector } from "../src/create-http-connector.js";
import { createEgressPolicy } from "../src/egress/egress-policy.js";
import type { Resolve } from "../src/egress/resolver.js";
import { egressSettingsSchema } from "../src/settings.js";
import { echo, type LocalServer, startServer } from "./local-server.js";

const resolved: string[] = [];
let rebindCount = 0;
const resolve: Resolve = async (hostname) => {
  resolved.push(hostname);
  if (hostname.startsWith("unresolvable.")) throw Object.assign(new Error("no such name"), { code: "ENOTFOUND" });
  if (hostname === "rebind.test") return [{ address: rebindCount++ === 0 ? "127.0.0.1" : "127.0.0.2", family: 4 }];
  if (hostname.startsWith("denied.")) return [{ address: "127.0.0.2", family: 4 }];
  return [{ address: "127.0.0.1", family: 4 }];
};
const http = createHttpConnector({ resolve, env: {} });
const getV2 = http.commands.find((command) => command.name === "GetRequestV2")!;
const DENY = { egress: { deny_cidrs: ["127.0.0.2/32"] } };

let allowed: LocalServer;
let denied: LocalServer;
let deniedHits = 0;

beforeAll(async () => {
  allowed = await startServer((request, response, body) => {
    const path = request.url ?? "/";
    if (path.startsWith("/to/")) {
      response.writeHead(302, { location: decodeURIComponent(path.slice(4)) });
      return response.end();
    }
    if (path.startsWith("/close")) response.setHeader("connection", "close");
    echo(request, response, body);
  });
  denied = await startServer((request, response, body) => {
    deniedHits++;
    echo(request, response, body);
  }, "127.0.0.2");
  denied.server.on("connection", () => deniedHits++);
});
afterAll(async () => {
  await http.close();
  await Promise.all([allowed.close(), denied.close()]);
});

const call = (url: string, config: Record<string, unknown> = DENY) => callCommand(getV2, { url }, { config });

describe("egress policy through the connector", () => {
  it("refuses a denied address, a name resolving to it, and redirects into it", async () => {
    const port = denied.port;
    const cases = [
      `http://127.0.0.2:${port}/direct`,
      `http://denied.test:${port}/by-name`,
      `${allowed.url}/to/${encodeURIComponent(`http://127.0.0.2:${port}/redirected`)}`,
      `${allowed.url}/to/${encodeURIComponent(`http://denied.test:${port}/redirected-by-name`)}`,
    ];
    for (const url of cases) {
      const { envelope } = await call(url);
      expect(envelope.error?.error_code, url).toBe("EgressDenied");
      expect(envelope.error?.message).toContain('egress.deny_cidrs "127.0.0.2/32"');
      expect(envelope.command_response).toMatchObject({ http_status: 403 });
    }
    expect(deniedHits).toBe(0);
  });

  it("lets allowed destinations through, and the denied server answers when not denied", async () => {
    expect((await call(`${allowed.url}/ok`)).envelope.error).toBeNull();
    expect((await call(`http://allowed.test:${allowed.port}/ok`)).envelope.error).toBeNull();
    expect((await call(`http://127.0.0.2:${denied.port}/ok`, {})).envelope.error).toBeNull();
    expect(deniedHits).toBeGreaterThan(0);
  });

  it("refuses IPv6 literals and IPv4-mapped forms of a denied address", async () => {
    const config = { egress: { deny_cidrs: ["127.0.0.2/32", "::1/128"] } };
    for (const url of [`http://[::1]:${denied.port}/`, `http://[::ffff:127.0.0.2]:${denied.port}/`]) {
      expect((await call(url, config)).envelope.error?.error_code, url).toBe("EgressDenied");
    }
  });

  it("checks the address each connection really uses (no DNS rebinding)", async () => {
    const first = await call(`http://rebind.test:${allowed.port}/close`);
    expect(first.envelope.error).toBeNull();
    const second = await call(`http://rebind.test:${allowed.port}/close`);
    expect(second.envelope.error?.error_code).toBe("EgressDenied");
  });

  it("refuses metadata host names before resolving them", async () => {
    resolved.length = 0;
    const { envelope } = await call("http://metadata.google.internal/computeMetadata/v1/", {});
    expect(envelope.error?.error_code).toBe("EgressDenied");
    expect(envelope.error?.message).toContain('default metadata denial "metadata.google.internal"');
    expect(resolved).toEqual([]);
  });

  it("with an allow list, refuses everything it does not name", async () => {
    const config = { egress: { allow_cidrs: ["127.0.0.1/32"], allow_hosts: ["*.good.test"] } };
    expect((await call(`${allowed.url}/ok`, config)).envelope.error).toBeNull();
    expect((await call(`http://denied.good.test:${denied.port}/ok`, config)).envelope.error).toBeNull();
    const refused = await call(`http://127.0.0.2:${denied.port}/ok`, config);
    expect(refused.envelope.error?.error_code).toBe("EgressDenied");
    expect(refused.envelope.error?.message).toContain("egress.allow_hosts / egress.allow_cidrs");
  });
});

describe("egress policy behind a forward proxy", () => {
  let proxy: Server;
  let proxyUrl: string;
  const tunnels: string[] = [];

  beforeAll(async () => {
    proxy = createHttpServer();
    proxy.on("connect", (request, client) => {
      tunnels.push(request.url ?? "");
      const [, port] = (request.url ?? "").split(":");
      const upstream = connect(Number(port), "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", done));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((done) => proxy.close(() => done()));
  });

  it("sends allowed calls through HTTP_PROXY and refuses denied ones before the proxy sees them", async () => {
    const config = { ...DENY, http_proxy: proxyUrl };
    const ok = await call(`http://via-proxy.test:${allowed.port}/ok`, config);
    expect(ok.envelope.error).toBeNull();
    expect(tunnels).toContain(`via-proxy.test:${allowed.port}`);
    const refused = await call(`http://denied.test:${denied.port}/no`, config);
    expect(refused.envelope.error?.error_code).toBe("EgressDenied");
    expect(tunnels.some((tunnel) => tunnel.startsWith("denied.test"))).toBe(false);
  });
  it("lets the proxy resolve names this machine cannot, judging them by name rules", async () => {
    const config = { http_proxy: proxyUrl, egress: { deny_hosts: ["*.blocked.test"] } };
    const ok = await call(`http://unresolvable.test:${allowed.port}/ok`, config);
    expect(ok.envelope.error).toBeNull();
    const refused = await call(`http://x.blocked.test:${allowed.port}/ok`, config);
    expect(refused.envelope.error?.error_code).toBe("EgressDenied");
    const restricted = { http_proxy: proxyUrl, egress: { allow_cidrs: ["127.0.0.0/8"] } };
    const unknown = await call(`http://unresolvable.test:${allowed.port}/ok`, restricted);
    expect(unknown.envelope.error?.message).toContain("does not resolve here");
  });

  it("reads HTTP_PROXY and NO_PROXY from the environment it was given", async () => {
    const fromEnv = createHttpConnector({ resolve, env: { HTTP_PROXY: proxyUrl, NO_PROXY: "direct.test" } });
    const get = fromEnv.commands.find((command) => command.name === "GetRequestV2")!;
    tunnels.length = 0;
    const proxied = await callCommand(get, { url: `http://env-proxied.test:${allowed.port}/ok` });
    const direct = await callCommand(get, { url: `http://direct.test:${allowed.port}/ok` });
    await fromEnv.close();
    expect([proxied.envelope.error, direct.envelope.error]).toEqual([null, null]);
    expect(tunnels).toEqual([`env-proxied.test:${allowed.port}`]);
  });
});

describe("egress policy, default denials (no connection made)", () => {
  const defaults = createEgressPolicy(egressSettingsSchema.parse({}));

  it.each([
    ["169.254.169.254", "169.254.0.0/16"],
    ["169.254.170.2", "169.254.0.0/16"],
    ["fd00:ec2::254", "fd00:ec2::254/128"],
    ["::ffff:169.254.169.254", "169.254.0.0/16"],
    ["100.100.100.200", "100.100.100.200/32"],
  ])("denies %s by default (rule %s)", (address, rule) => {
    expect(defaults.checkAddress("innocent.example", address)?.rule).toContain(`"${rule}"`);
  });

  it.each(["metadata.google.internal", "METADATA.google.internal.", "metadata.goog"])("denies host %s", (host) => {
    expect(defaults.checkHost(host)?.rule).toContain("default metadata denial");
  });

  it("allows ordinary addresses by default, and lifts the metadata denial when told", () => {
    expect(defaults.checkAddress("example.com", "93.184.216.34")).toBeNull();
    expect(defaults.checkAddress("db.internal", "10.1.2.3")).toBeNull();
    const lifted = createEgressPolicy(egressSettingsSchema.parse({ deny_metadata_endpoints: false }));
    expect(lifted.checkAddress("metadata.google.internal", "169.254.169.254")).toBeNull();
  });

  it("names the configured rule that refused", () => {
    const policy = createEgressPolicy(
      egressSettingsSchema.parse({ deny_hosts: ["*.corp.example"], deny_cidrs: ["10.0.0.0/8", "fc00::/7"] }),
    );
    expect(policy.checkHost("wiki.corp.example")?.rule).toBe('egress.deny_hosts "*.corp.example"');
    expect(policy.checkAddress("x", "10.9.9.9")?.rule).toBe('egress.deny_cidrs "10.0.0.0/8"');
    expect(policy.checkAddress("x", "fd12::1")?.rule).toBe('egress.deny_cidrs "fc00::/7"');
    expect(policy.checkAddress("x", "11.0.0.1")).toBeNull();
    const noLoopback = createEgressPolicy(egressSettingsSchema.parse({ deny_cidrs: ["127.0.0.0/8", "::1"] }));
    expect(noLoopback.checkAddress("0.0.0.0", "0.0.0.0")?.rule).toBe('egress.deny_cidrs "127.0.0.0/8"');
    expect(noLoopback.checkAddress("::", "::")?.rule).toBe('egress.deny_cidrs "::1"');
  });

  it("rejects settings that are not CIDR ranges", () => {
    expect(egressSettingsSchema.safeParse({ deny_cidrs: ["10.0.0.0/33"] }).success).toBe(false);
    expect(egressSettingsSchema.safeParse({ deny_cidrs: ["not-an-ip"] }).success).toBe(false);
  });
});
