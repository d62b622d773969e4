/**
 * `xero/GetCurrencies`: the currencies of the connected Xero organisation, by code.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { credentialParams, XERO_ERRORS, xeroRequest } from "./xero-api.js";

export const getCurrencies = defineCommand({
  name: "GetCurrencies",
  description: "Lists the currencies configured in the connected Xero organisation",
  annotations: { readOnly: true },
  params: z.object(credentialParams),
  errors: XERO_ERRORS,
  async run(params, ctx) {
    const body = await xeroRequest(ctx, params, "/api.xro/2.0/Currencies?order=Code%20ASC");
    return { body };
  },
});
