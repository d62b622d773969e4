import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ConnectorProxy, createProxy, parseConfig } from "@connector-proxy/proxy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CONNECTOR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TENANT = "tenant-0001";

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A stand-in for Xero: identity (token endpoint), /connections and the accounting API. */
async function startXero() {
  const seen: Seen[] = [];
  const valid = new Set(["xero-access-1"]);
  let issued = 1;
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? "/", "http://x");
    seen.push({ method: req.method ?? "", path: url.pathname, headers: req.headers, body });
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (url.pathname === "/connect/token") {
      const form = new URLSearchParams(body);
      if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== "xero-refresh-1") {
        return json(400, { error: "invalid_grant" });
      }
      issued += 1;
      valid.add(`xero-access-${issued}`);
      return json(200, {
        access_token: `xero-access-${issued}`,
        refresh_token: `xero-refresh-${issued}`,
        expires_in: 1800,
        token_type: "Bearer",
      });
    }
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!valid.has(token)) return json(401, { Title: "Unauthorized" });
    if (url.pathname === "/connections") {
      return json(200, [
        { tenantId: "practice", tenantType: "PRACTICEMANAGER" },
        { tenantId: TENANT, tenantType: "ORGANISATION" },
      ]);
    }
    if (req.headers["xero-tenant-id"] !== TENANT) return json(403, { Title: "Forbidden" });
    if (url.pathname === "/api.xro/2.0/Currencies") {
      return json(200, {
        Status: "OK",
        Currencies: [
          { Code: "EUR", Description: "Euro" },
          { Code: "USD", Description: "US Dollar" },
        ],
      });
    }
    if (url.pathname === "/api.xro/2.0/Invoices" && req.method === "POST") {
      const invoices = (JSON.parse(body) as { Invoices: Record<string, unknown>[] }).Invoices;
      if (invoices.some((invoice) => !(invoice.Contact as { EmailAddress: string }).EmailAddress.includes("@"))) {
        return json(400, { Type: "ValidationException", Message: "A validation exception occurred" });
      }
      return json(200, { Status: "OK", Invoices: invoices.map((invoice) => ({ ...invoice, InvoiceID: "inv-1" })) });
    }
    return json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let xero: Awaited<ReturnType<typeof startXero>>;
let proxy: ConnectorProxy;

beforeAll(async () => {
  xero = await startXero();
  const env = { XERO_SECRET: "configured-client-secret", STATE: "xero-test-state-secret-0123456789abcdef" };
  const { config, secrets } = parseConfig(
    {
      discover: false,
      log_level: "silent",
      auth: {
        state_secret: "${STATE}",
        redirect_allowlist: ["https://arena.example/"],
        public_url: "https://proxy.example",
      },
      connectors: {
        xero: {
          path: CONNECTOR,
          settings: {
            client_id: "configured-client",
            client_secret: "${XERO_SECRET}",
            api_url: xero.url,
            token_url: `${xero.url}/connect/token`,
          },
        },
      },
    },
    env,
    "xero test",
  );
  proxy = await createProxy({ config: { config, secrets, baseDir: CONNECTOR, file: null }, env });
});
afterAll(async () => {
  await proxy?.close();
  await xero?.close();
});

/** The answer of a xero command: the token-refresh shape, or an error envelope. */
interface XeroAnswer {
  api_response: { Currencies: { Code: string }[]; Invoices: { Contact: { Name: string } }[] };
  refreshed_token_set: Record<string, unknown>;
  auth: string;
  error: { error_code: string } | null;
  command_response: { http_status: number; body: unknown };
}

async function call(command: string, params: Record<string, unknown>) {
  const response = await proxy.app.request(`/v1/do/xero/${command}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...params, spiff__task_id: "t", spiff__task_data: {} }),
  });
  return { status: response.status, body: (await response.json()) as XeroAnswer };
}

const fresh = () =>
  JSON.stringify({
    access_token: "xero-access-1",
    refresh_token: "xero-refresh-1",
    token_type: "Bearer",
    expires_at: Math.floor(Date.now() / 1000) + 1800,
  });

describe("catalogue", () => {
  it("publishes the reference ids and parameters, and the xero/OAuth handler", async () => {
    const commands = (await (await proxy.app.request("/v1/commands")).json()) as {
      id: string;
      parameters: { id: string }[];
    }[];
    const ids = (id: string) =>
      commands
        .find((command) => command.id === id)
        ?.parameters.map((p) => p.id)
        .sort();
    expect(ids("xero/GetCurrencies")).toEqual(["access_token", "client_id", "client_secret"]);
    expect(ids("xero/CreateInvoice")).toEqual([
      "access_token",
      "amount",
      "client_id",
      "client_secret",
      "contact_email",
      "contact_name",
      "description",
    ]);
    expect(await (await proxy.app.request("/v1/auths")).json()).toEqual([
      expect.objectContaining({ id: "xero/OAuth", parameters: [] }),
    ]);
  });

  it("xero/OAuth sends the browser to the authorization URL with PKCE and the public callback", async () => {
    const response = await proxy.app.request(
      "/v1/auth/xero/OAuth?redirect_url=https://arena.example/v1.0/authentication_callback/xero/OAuth?token=t",
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe("https://login.xero.com/identity/connect/authorize");
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: "code",
      client_id: "configured-client",
      redirect_uri: "https://proxy.example/v1/auth/xero/OAuth/callback",
      code_challenge_method: "S256",
      scope: expect.stringContaining("offline_access"),
    });
  });
});

describe("commands", () => {
  it("GetCurrencies answers the currencies with the token set for Arena (legacy refresh shape)", async () => {
    const tokenSet = fresh();
    const { status, body } = await call("GetCurrencies", { access_token: tokenSet });
    expect(status).toBe(200);
    expect(body.api_response.Currencies.map((currency) => currency.Code)).toEqual(["EUR", "USD"]);
    expect(body.auth).toBe("xero/OAuth");
    expect(body.refreshed_token_set).toEqual(JSON.parse(tokenSet));
  });

  it("CreateInvoice refreshes an expiring token with the client given as parameters, then posts the reference invoice", async () => {
    const expiring = { ...JSON.parse(fresh()), expires_at: Math.floor(Date.now() / 1000) + 10 };
    const { body } = await call("CreateInvoice", {
      access_token: JSON.stringify(expiring),
      client_id: "diagram-client",
      client_secret: "diagram-secret",
      description: "Consulting",
      contact_name: "Rex Media Group",
      contact_email: "info@rexmedia.example",
      amount: "20.00",
    });
    const refresh = xero.seen.find((request) => request.path === "/connect/token");
    const basic = Buffer.from((refresh?.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString("utf8");
    expect(basic.split(":").map(decodeURIComponent)).toEqual(["diagram-client", "diagram-secret"]); // RFC 6749 2.3.1 encoding
    expect(body.refreshed_token_set).toMatchObject({ access_token: "xero-access-2", refresh_token: "xero-refresh-2" });
    expect(body.api_response.Invoices[0]).toMatchObject({
      InvoiceID: "inv-1",
      Type: "ACCREC",
      Contact: { Name: "Rex Media Group", EmailAddress: "info@rexmedia.example" },
      LineItems: [{ Description: "Consulting", Quantity: 1, UnitAmount: 20, AccountCode: "400", TaxType: "NONE" }],
      Reference: "Created by SpiffWorkflow",
      Status: "AUTHORISED",
    });
    const posted = xero.seen.find((request) => request.path === "/api.xro/2.0/Invoices");
    expect(posted?.headers.authorization).toBe("Bearer xero-access-2");
  });

  it("a Xero validation error answers XeroHttpError400 with Xero's body", async () => {
    const { status, body } = await call("CreateInvoice", {
      access_token: fresh(),
      description: "x",
      contact_name: "Someone",
      contact_email: "not-an-email",
      amount: 5,
    });
    expect(status).toBe(200);
    expect(body.error?.error_code).toBe("XeroHttpError400");
    expect(body.command_response.http_status).toBe(400);
    expect(body.command_response.body).toEqual({
      Type: "ValidationException",
      Message: "A validation exception occurred",
    });
  });

  it("a refused refresh answers ReauthorizationRequired", async () => {
    const revoked = { access_token: "old", refresh_token: "revoked", expires_at: 1 };
    const { body } = await call("GetCurrencies", { access_token: revoked });
    expect(body.error?.error_code).toBe("ReauthorizationRequired");
    expect(body.command_response.http_status).toBe(401);
  });
});
