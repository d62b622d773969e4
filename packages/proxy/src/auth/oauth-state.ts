/**
 * The stateless OAuth `state`: sealed with the configured secret, it carries which handler
 * started the flow, where to send the browser back, the PKCE verifier, a single-use nonce
 * and the expiry, so any replica holding the same secret can finish the flow.
 */
import { randomBytes } from "node:crypto";
import { z } from "@connector-proxy/sdk";
import type { Sealer } from "./seal.js";

const payloadSchema = z.object({
  /** Handler id, `connector/Auth`. */
  h: z.string(),
  /** The redirect_url to send the token set to. */
  r: z.string(),
  /** PKCE code verifier (absent when the handler disables PKCE). */
  v: z.string().optional(),
  /** Single-use nonce. */
  n: z.string(),
  /** Expiry, epoch milliseconds. */
  e: z.number(),
});

export interface FlowState {
  handlerId: string;
  redirectUrl: string;
  codeVerifier: string | undefined;
  nonce: string;
  expiresAt: number;
}

export type StateCheck =
  | { ok: true; state: FlowState }
  | { ok: false; code: "OAuthStateInvalid" | "OAuthStateExpired"; message: string };

/** A fresh flow state for `handlerId`, valid for `ttlMs`. */
export function newFlowState(
  handlerId: string,
  redirectUrl: string,
  codeVerifier: string | undefined,
  ttlMs: number,
): FlowState {
  return {
    handlerId,
    redirectUrl,
    codeVerifier,
    nonce: randomBytes(16).toString("base64url"),
    expiresAt: Date.now() + ttlMs,
  };
}

export function sealState(sealer: Sealer, state: FlowState): string {
  return sealer.seal(
    JSON.stringify({
      h: state.handlerId,
      r: state.redirectUrl,
      ...(state.codeVerifier ? { v: state.codeVerifier } : {}),
      n: state.nonce,
      e: state.expiresAt,
    }),
  );
}

/** Open and check a state received on the callback of `handlerId`. */
export function openState(sealer: Sealer, sealed: string | undefined, handlerId: string, now = Date.now()): StateCheck {
  const text = sealed ? sealer.open(sealed) : null;
  let parsed: z.infer<typeof payloadSchema> | null = null;
  if (text !== null) {
    try {
      const result = payloadSchema.safeParse(JSON.parse(text));
      if (result.success) parsed = result.data;
    } catch {
      parsed = null;
    }
  }
  if (parsed === null || parsed.h !== handlerId) {
    return {
      ok: false,
      code: "OAuthStateInvalid",
      message: `The sign-in answer for "${handlerId}" carries a state this proxy did not issue (altered, or sealed with another auth.state_secret): start the connection again from Arena`,
    };
  }
  if (parsed.e <= now) {
    return {
      ok: false,
      code: "OAuthStateExpired",
      message: `The sign-in for "${handlerId}" took longer than auth.state_ttl_seconds allows: start the connection again from Arena`,
    };
  }
  return {
    ok: true,
    state: { handlerId: parsed.h, redirectUrl: parsed.r, codeVerifier: parsed.v, nonce: parsed.n, expiresAt: parsed.e },
  };
}
