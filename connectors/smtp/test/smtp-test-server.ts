/**
 * A real SMTP server for the tests (smtp-server): STARTTLS (or implicit TLS) with a freshly generated
 * self-signed certificate, AUTH PLAIN/LOGIN, and every received message parsed.
 */
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { generate } from "selfsigned";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  /** The server's certificate (PEM), to trust through the connector's tls_ca setting. */
  cert: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export const USER = "mailer";
export const PASSWORD = "s3cret-pa55";

export async function startSmtpServer(
  options: { rejectRecipients?: string[]; implicitTls?: boolean } = {},
): Promise<TestSmtpServer> {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: options.implicitTls === true,
    key: pems.private,
    cert: pems.cert,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      return callback(new Error("Invalid username or password"));
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address)) {
        const error = Object.assign(new Error("No such user here"), { responseCode: 550 });
        return callback(error);
      }
      return callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          received.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    cert: pems.cert,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
