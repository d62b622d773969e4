/**
 * The ftp connector's settings: the servers diagrams may use by name, whether diagrams may
 * name a host themselves, and the transfer limits.
 */
import { z } from "@connector-proxy/sdk";

export const ftpServerSchema = z.object({
  host: z.string().min(1).describe("Host name or address"),
  port: z.number().int().min(1).max(65535).default(21),
  username: z.string().default("anonymous"),
  password: z.string().default(""),
  secure: z
    .union([z.boolean(), z.literal("implicit")])
    .default(false)
    .describe('FTPS: true for explicit TLS (AUTH TLS), "implicit" for implicit TLS, false for plain FTP'),
  reject_unauthorized: z.boolean().default(true).describe("With FTPS, refuse certificates that do not verify"),
  ca: z
    .string()
    .optional()
    .describe("With FTPS, PEM certificate(s) to trust besides the system's (a private CA or a self-signed server)"),
});

export type FtpServer = z.output<typeof ftpServerSchema>;

export const ftpSettingsSchema = z.object({
  servers: z.record(z.string(), ftpServerSchema).default({}).describe("FTP servers by name"),
  allow_inline_servers: z
    .boolean()
    .default(false)
    .describe("Let diagrams pass host and credentials as parameters instead of naming a configured server"),
  max_download_bytes: z.number().int().positive().default(10_485_760).describe("Largest file Download answers"),
  timeout_ms: z.number().int().positive().default(30_000).describe("Connection and idle timeout"),
});

export type FtpSettings = z.output<typeof ftpSettingsSchema>;

/** Parse `ctx.config` (validated by the proxy at start-up; parsed again for its types and defaults). */
export function readFtpSettings(config: Readonly<Record<string, unknown>>): FtpSettings {
  return ftpSettingsSchema.parse(config);
}
