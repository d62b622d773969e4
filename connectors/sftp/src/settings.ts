/**
 * The sftp connector's settings: the servers diagrams may use by name (with their pinned host
 * keys), whether diagrams may name a host themselves, and the transfer limits.
 */
import { z } from "@connector-proxy/sdk";

export const sftpServerSchema = z.object({
  host: z.string().min(1).describe("Host name or address"),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  password: z.string().optional(),
  private_key: z.string().optional().describe("PEM or OpenSSH private key"),
  passphrase: z.string().optional().describe("Passphrase of private_key"),
  host_key_sha256: z
    .string()
    .optional()
    .describe('The server\'s host key fingerprint as ssh-keygen -lf prints it: "SHA256:..."'),
  accept_any_host_key: z
    .boolean()
    .default(false)
    .describe("Skip host key pinning (only for test servers: anyone on the path can pose as the server)"),
});

export type SftpServer = z.output<typeof sftpServerSchema>;

export const sftpSettingsSchema = z.object({
  servers: z.record(z.string(), sftpServerSchema).default({}).describe("SFTP servers by name"),
  allow_inline_servers: z
    .boolean()
    .default(false)
    .describe("Let diagrams pass host, credentials and host key as parameters instead of naming a configured server"),
  max_download_bytes: z.number().int().positive().default(10_485_760).describe("Largest file Download answers"),
  timeout_ms: z.number().int().positive().default(30_000).describe("Connection (handshake) timeout"),
});

export type SftpSettings = z.output<typeof sftpSettingsSchema>;

/** Parse `ctx.config` (validated by the proxy at start-up; parsed again for its types and defaults). */
export function readSftpSettings(config: Readonly<Record<string, unknown>>): SftpSettings {
  return sftpSettingsSchema.parse(config);
}
