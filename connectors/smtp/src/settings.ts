/**
 * The smtp connector's settings (`connectors.smtp.settings` in the proxy configuration).
 */
import { z } from "@connector-proxy/sdk";

export const smtpSettingsSchema = z.strictObject({
  tls_ca: z
    .string()
    .optional()
    .describe(
      "PEM certificate(s) of a private CA (or a self-signed server certificate) to trust for STARTTLS and smtp_secure, besides the system's CAs",
    ),
});

export type SmtpSettings = z.output<typeof smtpSettingsSchema>;
