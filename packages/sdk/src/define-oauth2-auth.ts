/**
 * `defineOAuth2Auth`: an OAuth2 authorization-code handler declared inside a connector.
 * The proxy serves its browser flow (`/v1/auth/{connector}/{name}`) and refreshes its
 * tokens for `ctx.oauth`; the client id and secret come from the connector's settings.
 */
import { NAME_PATTERN } from "./define-command.js";

export const OAUTH2_AUTH_TYPE = "connector-proxy/oauth2-auth@1";

/** A value fixed in the definition, or read from the connector's parsed settings. */
export type FromConfig<T> = T | ((config: Readonly<Record<string, unknown>>) => T);

export interface OAuth2AuthSpec {
  /** Handler name: the part after the slash in `connector/Auth` (Arena's secret name). */
  name: string;
  description?: string;
  /** The provider's authorization endpoint (where the browser is sent); empty means not configured. */
  authorizationUrl: FromConfig<string>;
  /** The provider's token endpoint (code exchange and refresh). */
  tokenUrl: FromConfig<string>;
  scopes?: FromConfig<readonly string[]>;
  /** Key of the client id in the connector's settings. Default `client_id`. */
  clientIdConfigKey?: string;
  /** Key of the client secret in the connector's settings. Default `client_secret`. */
  clientSecretConfigKey?: string;
  /** Send a PKCE S256 challenge. Default true. */
  pkce?: boolean;
  /** Extra query parameters of the authorization request (`{ prompt: "consent" }`). */
  extraParams?: FromConfig<Readonly<Record<string, string>>>;
  /** Expected `iss` of ID tokens the token endpoint returns. Default: the token URL's origin. */
  issuer?: FromConfig<string>;
}

/** Everything the proxy needs to run the flow, with settings applied. */
export interface ResolvedOAuth2Auth {
  authorizationUrl: string;
  tokenUrl: string;
  issuer: string;
  scopes: readonly string[];
  extraParams: Readonly<Record<string, string>>;
  pkce: boolean;
  /** Null when the connector's settings do not provide it. */
  clientId: string | null;
  clientSecret: string | null;
  /** The settings keys, for messages that tell the operator what to set. */
  clientIdConfigKey: string;
  clientSecretConfigKey: string;
}

/** The runtime shape of an OAuth2 handler, recognised across SDK copies by `$type`. */
export interface OAuth2Auth {
  readonly $type: typeof OAUTH2_AUTH_TYPE;
  readonly kind: "oauth2";
  readonly name: string;
  readonly description: string;
  resolve(config: Readonly<Record<string, unknown>>): ResolvedOAuth2Auth;
}

function read<T>(value: FromConfig<T>, config: Readonly<Record<string, unknown>>): T {
  return typeof value === "function" ? (value as (config: Readonly<Record<string, unknown>>) => T)(config) : value;
}

function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : "";
}

function setting(config: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = config[key];
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Declare an OAuth2 authorization-code handler; list it in `defineConnector({ auths })`.
 *
 * @example
 * export const xeroOAuth = defineOAuth2Auth({
 *   name: "OAuth",
 *   authorizationUrl: "https://login.xero.com/identity/connect/authorize",
 *   tokenUrl: "https://identity.xero.com/connect/token",
 *   scopes: ["offline_access", "accounting.settings"],
 * });
 */
export function defineOAuth2Auth(spec: OAuth2AuthSpec): OAuth2Auth {
  if (!NAME_PATTERN.test(spec.name)) {
    throw new Error(`Auth name "${spec.name}" must match ${NAME_PATTERN} (no slash, no spaces)`);
  }
  const clientIdConfigKey = spec.clientIdConfigKey ?? "client_id";
  const clientSecretConfigKey = spec.clientSecretConfigKey ?? "client_secret";
  return {
    $type: OAUTH2_AUTH_TYPE,
    kind: "oauth2",
    name: spec.name,
    description: spec.description ?? "",
    resolve(config) {
      const tokenUrl = read(spec.tokenUrl, config);
      return {
        authorizationUrl: read(spec.authorizationUrl, config),
        tokenUrl,
        issuer: spec.issuer === undefined ? originOf(tokenUrl) : read(spec.issuer, config),
        scopes: spec.scopes === undefined ? [] : read(spec.scopes, config),
        extraParams: spec.extraParams === undefined ? {} : read(spec.extraParams, config),
        pkce: spec.pkce ?? true,
        clientId: setting(config, clientIdConfigKey),
        clientSecret: setting(config, clientSecretConfigKey),
        clientIdConfigKey,
        clientSecretConfigKey,
      };
    },
  };
}

/** True for an OAuth2 handler from any copy of the SDK. */
export function isOAuth2Auth(value: unknown): value is OAuth2Auth {
  return typeof value === "object" && value !== null && (value as { $type?: unknown }).$type === OAUTH2_AUTH_TYPE;
}
