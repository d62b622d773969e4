import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEmail } from "../src/send-email.js";
import { PASSWORD, startSmtpServer, type TestSmtpServer, USER } from "./smtp-test-server.js";

let server: TestSmtpServer;
let config: Record<string, unknown>;

beforeAll(async () => {
  server = await startSmtpServer({ rejectRecipients: ["nobody@example.com"] });
  config = { tls_ca: server.cert };
});
afterAll(() => server.close());

function baseParams(): Record<string, unknown> {
  return {
    smtp_host: "127.0.0.1",
    smtp_port: server.port,
    email_subject: "Invoice 42",
    email_body: "Please find the invoice attached.",
    email_to: 'alice@example.com, "Doe, Bob" <bob@example.com>',
    email_from: "billing@example.com",
    smtp_user: USER,
    smtp_password: PASSWORD,
    smtp_starttls: true,
  };
}

describe("smtp/SendEmail against an SMTP server with STARTTLS and AUTH", () => {
  it("delivers headers, both bodies and attachments, and answers message_id/accepted/rejected", async () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
    const { status, envelope } = await callCommand(
      sendEmail,
      {
        ...baseParams(),
        email_cc: "carol@example.com",
        email_bcc: "dave@example.com",
        email_html: "<p>Please find the <b>invoice</b> attached.</p>",
        email_reply_to: "support@example.com",
        attachments: [
          `data:application/pdf;name=invoice%2042.pdf;base64,${pdf.toString("base64")}`,
          {
            filename: "notes.txt",
            content_base64: Buffer.from("héllo").toString("base64"),
            content_type: "text/plain",
          },
        ],
      },
      { config },
    );
    expect(envelope.error).toBeNull();
    expect(status).toBe(200);
    // a JSON string, as the reference's "{}", with keys added
    expect(typeof envelope.command_response.body).toBe("string");
    const body = JSON.parse(String(envelope.command_response.body)) as {
      message_id: string;
      accepted: string[];
      rejected: string[];
    };
    expect(body.accepted).toEqual(["alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com"]);
    expect(body.rejected).toEqual([]);

    const received = server.received.find((m) => m.mail.messageId === body.message_id);
    expect(received).toBeDefined();
    const mail = received?.mail;
    expect(received?.envelope).toEqual({ from: "billing@example.com", to: body.accepted });
    expect(mail?.subject).toBe("Invoice 42");
    expect(mail?.from?.text).toBe("billing@example.com");
    expect(mail?.headers.get("to")).toMatchObject({
      value: [{ address: "alice@example.com" }, { address: "bob@example.com", name: "Doe, Bob" }],
    });
    expect(mail?.headers.get("cc")).toMatchObject({ value: [{ address: "carol@example.com" }] });
    expect(mail?.headers.has("bcc")).toBe(false);
    expect(mail?.replyTo?.text).toBe("support@example.com");
    expect(mail?.text?.trim()).toBe("Please find the invoice attached.");
    expect(mail?.html).toContain("<b>invoice</b>");
    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["invoice 42.pdf", "application/pdf"],
      ["notes.txt", "text/plain"],
    ]);
    expect(Buffer.compare(mail?.attachments[0]?.content ?? Buffer.alloc(0), pdf)).toBe(0);
    expect(mail?.attachments[1]?.content.toString("utf8")).toBe("héllo");

    expect(envelope.spiff__logs[0]).toMatch(/^will send "Invoice 42" via 127\.0\.0\.1:\d+$/);
    expect(envelope.spiff__logs[1]).toBe(`did send ${body.message_id} (4 accepted, 0 rejected)`);
    expect(JSON.stringify(envelope)).not.toContain(PASSWORD);
  });

  it("answers the refused recipients while delivering to the others", async () => {
    const { envelope } = await callCommand(
      sendEmail,
      { ...baseParams(), email_to: "alice@example.com,nobody@example.com" },
      { config },
    );
    expect(envelope.error).toBeNull();
    expect(JSON.parse(String(envelope.command_response.body))).toMatchObject({
      accepted: ["alice@example.com"],
      rejected: ["nobody@example.com"],
    });
  });

  it('answers SMTPRecipientsRefused as the reference (body "{}", no http_status) when every recipient is refused', async () => {
    const { envelope } = await callCommand(sendEmail, { ...baseParams(), email_to: "nobody@example.com" }, { config });
    expect(envelope.error?.error_code).toBe("SMTPRecipientsRefused");
    expect(envelope.command_response).toStrictEqual({ body: "{}", mimetype: "application/json" });
  });

  it("answers SMTPAuthenticationError for a wrong password, never echoing it", async () => {
    const { status, envelope } = await callCommand(
      sendEmail,
      { ...baseParams(), smtp_password: "wrong-password-123" },
      { config },
    );
    expect(status).toBe(200);
    expect(envelope.error?.error_code).toBe("SMTPAuthenticationError");
    expect(envelope.command_response).not.toHaveProperty("http_status");
    expect(JSON.stringify(envelope)).not.toContain("wrong-password-123");
  });

  it("answers SMTPSenderRefused (smtplib's MAIL FROM refusal) when the server requires a login and none is given", async () => {
    const { smtp_user: _user, smtp_password: _password, ...anonymous } = baseParams();
    const { envelope } = await callCommand(sendEmail, anonymous, { config });
    expect(envelope.error?.error_code).toBe("SMTPSenderRefused");
    expect(envelope.error?.message).toContain("smtp_user");
  });

  it("answers SSLCertVerificationError when the server's certificate is not trusted", async () => {
    const { envelope } = await callCommand(sendEmail, baseParams());
    expect(envelope.error?.error_code).toBe("SSLCertVerificationError");
    expect(envelope.error?.message).toContain("tls_ca");
  });

  it("answers ConnectionRefusedError when no server listens", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const { status, envelope } = await callCommand(sendEmail, { ...baseParams(), smtp_port: port }, { config });
    expect(status).toBe(200);
    expect(envelope.error?.error_code).toBe("ConnectionRefusedError");
    expect(envelope.command_response).toStrictEqual({ body: "{}", mimetype: "application/json" });
  });

  it("sends over implicit TLS with smtp_secure", async () => {
    const tls = await startSmtpServer({ implicitTls: true });
    try {
      const { envelope } = await callCommand(
        sendEmail,
        { ...baseParams(), smtp_port: tls.port, smtp_starttls: false, smtp_secure: true },
        { config: { tls_ca: tls.cert } },
      );
      expect(envelope.error).toBeNull();
      expect(tls.received.map((m) => m.mail.subject)).toEqual(["Invoice 42"]);
    } finally {
      await tls.close();
    }
  });

  it("rejects a malformed attachment with InvalidContent", async () => {
    const { envelope } = await callCommand(sendEmail, { ...baseParams(), attachments: ["not a data url"] }, { config });
    expect(envelope.error?.error_code).toBe("InvalidContent");
  });
});

describe("smtp/SendEmail in the catalogue", () => {
  it("advertises exactly the reference parameters (CONTRACT.md) and accepts the documented extras", () => {
    expect(sendEmail.parameters.map(({ id, type, required }) => ({ id, type, required }))).toEqual([
      { id: "smtp_host", type: "str", required: true },
      { id: "smtp_port", type: "int", required: true },
      { id: "email_subject", type: "str", required: true },
      { id: "email_body", type: "str", required: true },
      { id: "email_to", type: "str", required: true },
      { id: "email_from", type: "str", required: true },
      { id: "smtp_user", type: "str", required: false },
      { id: "smtp_password", type: "str", required: false },
      { id: "smtp_starttls", type: "bool", required: false },
    ]);
    const extras = Object.keys(sendEmail.inputSchema.properties as object).filter(
      (id) => !sendEmail.parameters.some((p) => p.id === id),
    );
    expect(extras).toEqual(["email_cc", "email_bcc", "email_html", "email_reply_to", "attachments", "smtp_secure"]);
  });
});
