/**
 * Host key pinning: the server's key must have the configured SHA-256 fingerprint
 * (written as OpenSSH prints it, "SHA256:<base64 without padding>").
 */
import { createHash } from "node:crypto";

/** The OpenSSH-style SHA-256 fingerprint of a raw host key. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

function normalise(pin: string): string {
  const bare = pin
    .trim()
    .replace(/^SHA256:/i, "")
    .replace(/=+$/, "");
  return `SHA256:${bare}`;
}

/** What the verifier saw, so a refusal can say why. */
export interface HostKeyCheck {
  presented: string | null;
  accepted: boolean;
}

/** A host verifier for ssh2 that records what it saw in `check`. */
export function hostKeyVerifier(pin: string | undefined, acceptAny: boolean, check: HostKeyCheck) {
  return (key: Buffer): boolean => {
    check.presented = fingerprint(key);
    check.accepted = pin === undefined ? acceptAny : normalise(pin) === check.presented;
    return check.accepted;
  };
}
