/**
 * The socket connector behind every direct connection: the egress policy is checked on
 * the address the socket actually connects to (inside the DNS lookup of the connection),
 * so redirects and DNS rebinding between a check and the connect cannot slip past it.
 */
import { isIP, type LookupFunction } from "node:net";
import type { buildConnector } from "undici";
import { loadUndici } from "../transport/load-undici.js";
import { type EgressPolicy, egressDeniedError, normaliseHost } from "./egress-policy.js";
import type { Resolve, ResolvedAddress } from "./resolver.js";

function notFound(hostname: string): Error {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
}

/** A `net.connect` lookup that resolves with `resolve` and refuses denied addresses. */
export function guardedLookup(policy: EgressPolicy, resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    const byName = policy.checkHost(hostname);
    if (byName) {
      callback(egressDeniedError(hostname, null, byName), "", 4);
      return;
    }
    resolve(hostname).then(
      (resolved) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = resolved.filter((entry) => wanted === 0 || entry.family === wanted);
        for (const entry of usable) {
          const denial = policy.checkAddress(hostname, entry.address);
          if (denial) return callback(egressDeniedError(hostname, entry.address, denial), "", entry.family);
        }
        const first: ResolvedAddress | undefined = usable[0];
        if (!first) return callback(notFound(hostname), "", 4);
        if (options.all) return (callback as AllCallback)(null, usable.map(toLookupAddress));
        return callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, "", 4),
    );
  };
}

type AllCallback = (error: Error | null, addresses: { address: string; family: number }[]) => void;

function toLookupAddress(entry: ResolvedAddress) {
  return { address: entry.address, family: entry.family };
}

/** An undici connector: literal addresses are checked here, names inside the lookup. */
export async function guardedConnector(
  policy: EgressPolicy,
  resolve: Resolve,
  options: buildConnector.BuildOptions = {},
): Promise<buildConnector.connector> {
  const { buildConnector } = await loadUndici();
  const connect = buildConnector({ ...options, lookup: guardedLookup(policy, resolve) });
  return (target, callback) => {
    const host = normaliseHost(target.hostname);
    if (isIP(host) !== 0) {
      const denial = policy.checkAddress(host, host);
      if (denial) {
        queueMicrotask(() => callback(egressDeniedError(host, null, denial), null));
        return;
      }
    }
    connect(target, callback);
  };
}
