/**
 * CIDR ranges and addresses, through ipaddr.js: parsing, normalising IPv4-mapped IPv6
 * addresses, and membership.
 */
import { createRequire } from "node:module";
import { lazy } from "@connector-proxy/sdk";
import type ipaddrModule from "ipaddr.js";

/** A parsed IP address. */
export type Address = ipaddrModule.IPv4 | ipaddrModule.IPv6;

/**
 * ipaddr.js, required on first use rather than at start-up. Synchronously, because the
 * settings schema validates ranges synchronously (it is a small CommonJS module).
 */
const ipaddr = lazy((): typeof ipaddrModule => createRequire(import.meta.url)("ipaddr.js"));

/** A parsed range that an address (parsed once by normaliseAddress) can be tested against. */
export interface CidrRange {
  /** The text as configured, used to name the rule that matched. */
  readonly text: string;
  contains(address: Address): boolean;
}

/** True when `text` is an IP address or a CIDR range. */
export function isCidr(text: string): boolean {
  return ipaddr().isValid(text) || isValidRange(text);
}

function isValidRange(text: string): boolean {
  try {
    ipaddr().parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}

/** The canonical form of an address; `::ffff:1.2.3.4` becomes `1.2.3.4`. Null when not an address. */
export function normaliseAddress(address: string): Address | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr().isValid(bare)) return null;
  return ipaddr().process(bare.replace(/%.*$/, ""));
}

/** Parse a configured range (a bare address is a single-address range). */
export function parseCidr(text: string): CidrRange {
  const range = text.includes("/") ? ipaddr().parseCIDR(text) : hostRange(text);
  const [base, bits] = range;
  return {
    text,
    contains: (address) => address.kind() === base.kind() && address.match(base, bits),
  };
}

function hostRange(text: string): [Address, number] {
  const address = ipaddr().process(text);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}
