/**
 * The xero connector: `xero/GetCurrencies` and `xero/CreateInvoice` with the reference
 * connector's parameters, and the `xero/OAuth` handler that connects an organisation.
 * Answers carry the (possibly refreshed) token set back to Arena.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { createInvoice } from "./create-invoice.js";
import { getCurrencies } from "./get-currencies.js";
import { xeroOAuth } from "./oauth.js";
import { xeroSettings } from "./settings.js";

export default defineConnector({
  name: "xero",
  description: "Xero accounting: currencies and invoices of a connected organisation",
  config: xeroSettings,
  commands: [getCurrencies, createInvoice],
  auths: [xeroOAuth],
});
