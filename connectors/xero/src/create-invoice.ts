/**
 * `xero/CreateInvoice`: one authorised sales invoice (a single line, due in 7 days) for a
 * contact, as the reference connector created it.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { credentialParams, XERO_ERRORS, xeroRequest } from "./xero-api.js";

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const createInvoice = defineCommand({
  name: "CreateInvoice",
  description: "Creates an authorised sales invoice with one line in the connected Xero organisation",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    ...credentialParams,
    description: z.string().min(1).describe("Description of the invoice line"),
    contact_name: z.string().min(1).describe("Name of the contact invoiced"),
    contact_email: z.string().min(1).describe("Email address of the contact"),
    amount: z
      .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal number such as 20.00")])
      .describe("Unit amount of the line"),
  }),
  errors: XERO_ERRORS,
  async run({ description, contact_name, contact_email, amount, ...credentials }, ctx) {
    const now = Date.now();
    const invoice = {
      Type: "ACCREC",
      Contact: { Name: contact_name, EmailAddress: contact_email },
      Date: isoDate(now),
      DueDate: isoDate(now + 7 * DAY_MS),
      LineItems: [
        { Description: description, Quantity: 1, UnitAmount: Number(amount), AccountCode: "400", TaxType: "NONE" },
      ],
      Reference: "Created by SpiffWorkflow",
      Status: "AUTHORISED",
    };
    const body = await xeroRequest(ctx, credentials, "/api.xro/2.0/Invoices?summarizeErrors=true&unitdp=2", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Invoices: [invoice] }),
    });
    return { body };
  },
});
