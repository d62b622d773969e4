/**
 * One served authentication handler: a connector's `defineOAuth2Auth` with that
 * connector's settings applied, under the id Arena knows (`xero/OAuth`).
 */
import type { OAuth2Auth, ResolvedOAuth2Auth } from "@connector-proxy/sdk";

export interface AuthHandler {
  /** `connector/Auth`: also the Arena secret the token set is stored in. */
  readonly id: string;
  readonly connector: string;
  readonly name: string;
  readonly description: string;
  readonly resolved: ResolvedOAuth2Auth;
}

export function authHandler(
  mountName: string,
  auth: OAuth2Auth,
  config: Readonly<Record<string, unknown>>,
): AuthHandler {
  return {
    id: `${mountName}/${auth.name}`,
    connector: mountName,
    name: auth.name,
    description: auth.description,
    resolved: auth.resolve(config),
  };
}
