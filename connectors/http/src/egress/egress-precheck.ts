/**
 * When a forward proxy makes the connection, the policy cannot see the socket: this
 * interceptor checks every request's (and every redirect's) host by resolving it first.
 * A name that does not resolve here (common behind a proxy) is judged by the name rules.
 * Sits inside the redirect interceptor so each hop passes through it.
 */
import { isIP } from "node:net";
import type { Dispatcher } from "undici";
import { type EgressPolicy, egressDeniedError, normaliseHost } from "./egress-policy.js";
import type { Resolve } from "./resolver.js";

/** The addresses of `host`, or null when it does not resolve here (only the proxy can resolve it). */
async function resolveOrNull(resolve: Resolve, host: string): Promise<string[] | null> {
  try {
    return (await resolve(host)).map((entry) => entry.address);
  } catch {
    return null;
  }
}

async function check(policy: EgressPolicy, resolve: Resolve, origin: string): Promise<void> {
  const host = normaliseHost(new URL(origin).hostname);
  const byName = policy.checkHost(host);
  if (byName) throw egressDeniedError(host, null, byName);
  const addresses = isIP(host) !== 0 ? [host] : await resolveOrNull(resolve, host);
  if (addresses === null) {
    const denial = policy.checkUnresolved(host);
    if (denial) throw egressDeniedError(host, null, denial);
    return;
  }
  for (const address of addresses) {
    const denial = policy.checkAddress(host, address);
    if (denial) throw egressDeniedError(host, address, denial);
  }
}

/** The controller of a request that never started: already aborted with `reason`. */
function refused(reason: Error): Dispatcher.DispatchController {
  return { aborted: true, paused: false, reason, abort() {}, pause() {}, resume() {} };
}

/** An undici interceptor refusing requests whose host the policy denies. */
export function egressPrecheck(policy: EgressPolicy, resolve: Resolve): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    check(policy, resolve, String(options.origin)).then(
      () => dispatch(options, handler),
      (error: Error) => handler.onResponseError?.(refused(error), error),
    );
    return true;
  };
}
