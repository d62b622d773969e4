/**
 * The smtp connector: `smtp/SendEmail` through nodemailer (loaded on first use, so a
 * proxy that never sends mail does not pay for it at start-up).
 */
import { defineConnector } from "@connector-proxy/sdk";
import { sendEmail } from "./send-email.js";
import { smtpSettingsSchema } from "./settings.js";

export default defineConnector({
  name: "smtp",
  description: "Send email through an SMTP server",
  config: smtpSettingsSchema,
  commands: [sendEmail],
});
