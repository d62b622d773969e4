/**
 * Settings of the xero connector. The URLs default to Xero's; tests and sandboxes point
 * them elsewhere.
 */
import { settingsOf, z } from "@connector-proxy/sdk";

export const XERO_SCOPES = [
  "offline_access",
  "openid",
  "profile",
  "email",
  "accounting.transactions",
  "accounting.reports.read",
  "accounting.journals.read",
  "accounting.settings",
  "accounting.contacts",
  "accounting.attachments",
  "assets",
  "projects",
];

export const xeroSettings = z.object({
  client_id: z.string().optional().describe("Xero app client id (diagrams may also pass client_id)"),
  client_secret: z.string().optional().describe("Xero app client secret (use ${ENV})"),
  api_url: z.url().default("https://api.xero.com").describe("Base URL of the Xero API"),
  authorization_url: z.url().default("https://login.xero.com/identity/connect/authorize"),
  token_url: z.url().default("https://identity.xero.com/connect/token"),
  scopes: z.array(z.string()).default(XERO_SCOPES).describe("Scopes asked for when connecting"),
});

export type XeroSettings = z.output<typeof xeroSettings>;

export function readSettings(config: Readonly<Record<string, unknown>>): XeroSettings {
  return settingsOf(xeroSettings, config);
}
