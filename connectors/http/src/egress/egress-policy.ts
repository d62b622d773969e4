/**
 * The egress policy (SSRF guard): decides whether a host name and the address it
 * resolved to may be called, and names the rule that refused it.
 */
import type { EgressSettings } from "../settings.js";
import { type CidrRange, normaliseAddress, parseCidr } from "./cidr.js";

/** Cloud metadata endpoints, denied unless `deny_metadata_endpoints` is false. */
export const METADATA_CIDRS = [
  "169.254.0.0/16", // link-local: AWS, GCP, Azure, OpenStack metadata (169.254.169.254), ECS (169.254.170.2)
  "fd00:ec2::254/128", // AWS IMDS over IPv6
  "fe80::/10", // IPv6 link-local
  "100.100.100.200/32", // Alibaba Cloud
  "168.63.129.16/32", // Azure wire server
] as const;
export const METADATA_HOSTS = [
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.com",
] as const;

const UNSPECIFIED: Record<string, string> = { "0.0.0.0": "127.0.0.1", "::": "::1" };

/** Why a destination was refused: the rule, as an operator would find it in the settings. */
export interface EgressDenial {
  readonly rule: string;
}

export interface EgressPolicy {
  /** Check a host name alone (before resolving it). */
  checkHost(host: string): EgressDenial | null;
  /** Check a host name together with one address it resolved to (or the literal address). */
  checkAddress(host: string, address: string): EgressDenial | null;
  /** Check a host name that cannot be resolved here (a forward proxy will resolve it): name rules only. */
  checkUnresolved(host: string): EgressDenial | null;
}

interface HostRule {
  readonly text: string;
  matches(host: string): boolean;
}

function hostRule(text: string): HostRule {
  const pattern = normaliseHost(text);
  const suffix = pattern.startsWith("*.") ? pattern.slice(1) : null;
  return { text, matches: (host) => (suffix ? host.endsWith(suffix) : host === pattern) };
}

/** Lower case, no trailing dot, no IPv6 brackets. */
export function normaliseHost(host: string): string {
  const lower = host.toLowerCase().replace(/\.$/, "");
  return lower.startsWith("[") && lower.endsWith("]") ? lower.slice(1, -1) : lower;
}

/**
 * Compile egress settings into a policy. Deny rules win; when an allow list is set, only
 * what it names passes.
 *
 * @example
 * createEgressPolicy(settings).checkAddress("metadata.test", "169.254.169.254") // { rule: 'default metadata denial "169.254.0.0/16" ...' }
 */
export function createEgressPolicy(settings: EgressSettings): EgressPolicy {
  const denyHosts = settings.deny_hosts.map(hostRule);
  const denyCidrs = settings.deny_cidrs.map(parseCidr);
  const allowHosts = settings.allow_hosts.map(hostRule);
  const allowCidrs = settings.allow_cidrs.map(parseCidr);
  const metadataHosts = settings.deny_metadata_endpoints ? METADATA_HOSTS.map(hostRule) : [];
  const metadataCidrs = settings.deny_metadata_endpoints ? METADATA_CIDRS.map(parseCidr) : [];
  const restricted = allowHosts.length > 0 || allowCidrs.length > 0;
  const metadataRule = (text: string) =>
    `default metadata denial "${text}" (set egress.deny_metadata_endpoints to false to lift it)`;

  function checkHost(host: string): EgressDenial | null {
    const name = normaliseHost(host);
    const denied = denyHosts.find((rule) => rule.matches(name));
    if (denied) return { rule: `egress.deny_hosts "${denied.text}"` };
    const metadata = metadataHosts.find((rule) => rule.matches(name));
    return metadata ? { rule: metadataRule(metadata.text) } : null;
  }

  function checkAddress(host: string, address: string): EgressDenial | null {
    const byName = checkHost(host);
    if (byName) return byName;
    const parsed = normaliseAddress(address);
    // Connecting to the unspecified address reaches this host: judge it as loopback too.
    const loopback = parsed && UNSPECIFIED[parsed.toString()];
    const alias = loopback ? normaliseAddress(loopback) : null;
    const inRange = (ranges: CidrRange[]) =>
      ranges.find((range) => (parsed !== null && range.contains(parsed)) || (alias !== null && range.contains(alias)));
    const denied = inRange(denyCidrs);
    if (denied) return { rule: `egress.deny_cidrs "${denied.text}"` };
    const metadata = inRange(metadataCidrs);
    if (metadata) return { rule: metadataRule(metadata.text) };
    if (!restricted) return null;
    const name = normaliseHost(host);
    if (allowHosts.some((rule) => rule.matches(name)) || inRange(allowCidrs)) return null;
    return { rule: "egress.allow_hosts / egress.allow_cidrs (the destination is in neither)" };
  }

  function checkUnresolved(host: string): EgressDenial | null {
    const byName = checkHost(host);
    if (byName || !restricted || allowHosts.some((rule) => rule.matches(normaliseHost(host)))) return byName;
    return {
      rule: "egress.allow_hosts (the name is not in it, and it does not resolve here to check egress.allow_cidrs)",
    };
  }

  return { checkHost, checkAddress, checkUnresolved };
}

/** The `code` of the Error a refused connection fails with (recognised by code, never by `instanceof`). */
export const EGRESS_DENIED = "EGRESS_DENIED";

/** An Error carrying the refused destination and the rule, raised where the connection is made. */
export function egressDeniedError(host: string, address: string | null, denial: EgressDenial): Error {
  const where = address && address !== host ? `"${host}" (${address})` : `"${host}"`;
  return Object.assign(
    new Error(`Calling ${where} is refused by the http connector's egress policy: rule ${denial.rule}`),
    { code: EGRESS_DENIED, rule: denial.rule },
  );
}
