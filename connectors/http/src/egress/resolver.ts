/**
 * Name resolution as the transport uses it: injectable, so tests (and deployments with
 * their own DNS) decide what a host name resolves to.
 */
import { lookup } from "node:dns/promises";

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolve a host name to its addresses; reject with an `ENOTFOUND`-style error when there is none. */
export type Resolve = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The operating system's resolver (`getaddrinfo`, as Node's `dns.lookup`). */
export const systemResolve: Resolve = async (hostname) => {
  const found = await lookup(hostname, { all: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};
