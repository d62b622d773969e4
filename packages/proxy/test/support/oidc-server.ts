/**
 * A real OAuth2/OIDC server for tests: oidc-provider on 127.0.0.1 (port 0) with one
 * confidential client (PKCE, rotating refresh tokens, revocation), its dev login/consent
 * pages, and a count of token endpoint requests. Plus a protected API that accepts a
 * bearer token only if the provider's userinfo endpoint does.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface OidcServer {
  issuer: string;
  /** Requests received at the token endpoint (code exchanges and refreshes). */
  tokenRequests(): number;
  /** Register the client once the proxies' callback URLs are known. */
  setup(client: { clientId: string; clientSecret: string; redirectUris: string[] }): void;
  revoke(token: string, client: { clientId: string; clientSecret: string }): Promise<number>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

export async function startOidcServer(): Promise<OidcServer> {
  let provider: Provider | null = null;
  let tokenRequests = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "POST" && req.url?.startsWith("/token") && !req.url.startsWith("/token/")) tokenRequests += 1;
    if (!provider) {
      res.writeHead(503).end();
      return;
    }
    provider.callback()(req, res);
  });
  const issuer = await listen(server);
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  return {
    issuer,
    tokenRequests: () => tokenRequests,
    setup({ clientId, clientSecret, redirectUris }) {
      provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: redirectUris,
            grant_types: ["authorization_code", "refresh_token"],
            response_types: ["code"],
          },
        ],
        jwks: { keys: [{ ...jwk, kid: "test-key", use: "sig", alg: "RS256" }] },
        cookies: { keys: ["oidc-test-cookie-key"] },
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
        scopes: ["openid", "offline_access", "api"],
        issueRefreshToken: async () => true,
        rotateRefreshToken: true,
        ttl: {
          AccessToken: 3600,
          RefreshToken: 86_400,
          Grant: 86_400,
          Session: 3600,
          Interaction: 600,
          AuthorizationCode: 60,
        },
        findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
      });
    },
    async revoke(token, client) {
      const response = await fetch(`${issuer}/token/revocation`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ token, token_type_hint: "refresh_token" }),
      });
      return response.status;
    },
    close: () => close(server),
  };
}

/** An API that answers 200 `{ ok, sub }` only to a bearer token the provider's userinfo accepts. */
export async function startProtectedApi(issuer: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const userinfo = await fetch(`${issuer}/me`, { headers: { authorization: req.headers.authorization ?? "" } });
    const answer = userinfo.ok ? { ok: true, sub: ((await userinfo.json()) as { sub: string }).sub } : { ok: false };
    res.writeHead(userinfo.ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify(answer));
  });
  const url = await listen(server);
  return { url, close: () => close(server) };
}
