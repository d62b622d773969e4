import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { callCommand, closedPort, silentServer } from "@connector-proxy/sdk/testing";
import { FtpSrv } from "ftp-srv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ftpCommands } from "../src/index.js";

/** ftp-srv logs through a bunyan-style logger; the test server stays quiet. */
const quiet: Record<string, unknown> = { child: () => quiet };
for (const level of ["trace", "debug", "info", "warn", "error", "fatal"]) quiet[level] = () => {};

function command(name: string) {
  const found = ftpCommands.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}
const upload = command("Upload");
const download = command("Download");
const list = command("List");
const deleteFile = command("Delete");
const rename = command("Rename");

const root = mkdtempSync(path.join(tmpdir(), "ftp-connector-"));
let ftp: FtpSrv;
let config: Record<string, unknown>;

beforeAll(async () => {
  ftp = new FtpSrv({
    url: "ftp://127.0.0.1:0",
    pasv_url: "127.0.0.1",
    anonymous: false,
    log: quiet,
  });
  ftp.on("login", ({ username, password }, resolve, reject) =>
    username === "alice" && password === "s3cret" ? resolve({ root }) : reject(new Error("bad login")),
  );
  await ftp.listen();
  config = { servers: { files: { host: "127.0.0.1", port: portOf(ftp), username: "alice", password: "s3cret" } } };
});

let ftps: FtpSrv;
let tlsServer: Record<string, unknown>;
const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

beforeAll(async () => {
  ftps = new FtpSrv({
    url: "ftp://127.0.0.1:0",
    pasv_url: "127.0.0.1",
    anonymous: false,
    tls: { key: fixture("tls-key.pem"), cert: fixture("tls-cert.pem") },
    log: quiet,
  });
  ftps.on("login", ({ connection, username, password }, resolve, reject) =>
    username === "alice" && password === "s3cret" && connection.secure ? resolve({ root }) : reject(new Error("no")),
  );
  await ftps.listen();
  tlsServer = { host: "127.0.0.1", port: portOf(ftps), username: "alice", password: "s3cret", secure: true };
});

function portOf(server: FtpSrv): number {
  const net: unknown = Reflect.get(server, "server");
  if (!(net instanceof Server)) throw new Error("ftp-srv has no net.Server");
  const address = net.address();
  return typeof address === "object" && address ? address.port : 0;
}

afterAll(async () => {
  await ftps.close();
  await ftp.close();
  rmSync(root, { recursive: true, force: true });
});

const call = (command: Parameters<typeof callCommand>[0], params: Record<string, unknown>, settings = config) =>
  callCommand(command, params, { config: settings });

async function roundTrip(remote: string): Promise<Buffer> {
  const { envelope } = await call(download, { path: remote });
  expect(envelope.error).toBeNull();
  const body = envelope.command_response.body as { size: number; content_base64: string };
  const bytes = Buffer.from(body.content_base64, "base64");
  expect(body.size).toBe(bytes.length);
  return bytes;
}

describe("ftp connector", () => {
  it("uploads text, base64 and data URLs and downloads the exact bytes", async () => {
    const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(200_000)]);
    const cases = [
      {
        path: "hello.txt",
        content: "héllo wörld\r\n",
        content_encoding: "text",
        bytes: Buffer.from("héllo wörld\r\n"),
      },
      { path: "blob.bin", content: binary.toString("base64"), content_encoding: "base64", bytes: binary },
      {
        path: "url.txt",
        content: "data:text/plain;base64,aGk=",
        content_encoding: "data_url",
        bytes: Buffer.from("hi"),
      },
    ];
    for (const item of cases) {
      const { envelope } = await call(upload, {
        path: item.path,
        content: item.content,
        content_encoding: item.content_encoding,
      });
      expect(envelope.error, item.path).toBeNull();
      expect(envelope.command_response.body).toEqual({ path: item.path, size: item.bytes.length });
      expect(readFileSync(path.join(root, item.path)).equals(item.bytes), item.path).toBe(true);
      expect((await roundTrip(item.path)).equals(item.bytes), item.path).toBe(true);
    }
  });

  it("lists, renames and deletes", async () => {
    mkdirSync(path.join(root, "sub"), { recursive: true });
    await call(upload, { path: "sub/a.txt", content: "12345" });
    const listed = await call(list, { path: "sub" });
    expect(listed.envelope.error).toBeNull();
    expect((listed.envelope.command_response.body as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({ name: "a.txt", type: "file", size: 5 }),
    ]);
    const top = await call(list, {});
    const names = (top.envelope.command_response.body as { entries: { name: string; type: string }[] }).entries;
    expect(names).toContainEqual(expect.objectContaining({ name: "sub", type: "directory" }));

    const renamed = await call(rename, { from: "sub/a.txt", to: "sub/b.txt" });
    expect(renamed.envelope.error).toBeNull();
    expect(existsSync(path.join(root, "sub/a.txt"))).toBe(false);
    expect(readFileSync(path.join(root, "sub/b.txt"), "utf8")).toBe("12345");

    const deleted = await call(deleteFile, { path: "sub/b.txt" });
    expect(deleted.envelope.command_response.body).toEqual({ deleted: "sub/b.txt" });
    expect(existsSync(path.join(root, "sub/b.txt"))).toBe(false);
  });

  it("names missing files, files over the limit and bad content", async () => {
    for (const command of [download, deleteFile]) {
      const { envelope } = await call(command, { path: "missing.txt" });
      expect(envelope.error?.error_code).toBe("FileNotFound");
    }
    await call(upload, { path: "big.txt", content: "x".repeat(2000) });
    const big = await call(download, { path: "big.txt", max_bytes: 1000 });
    expect(big.envelope.error?.error_code).toBe("FileTooLarge");
    const bad = await call(upload, { path: "bad.bin", content: "not base64!", content_encoding: "base64" });
    expect(bad.envelope.error?.error_code).toBe("InvalidContent");
  });

  it("names refused logins and unreachable servers", async () => {
    const files = (config.servers as { files: Record<string, unknown> }).files;
    const wrong = await call(list, {}, { servers: { files: { ...files, password: "wrong" } } });
    expect(wrong.envelope.error?.error_code).toBe("AuthenticationFailed");
    expect(wrong.envelope.error?.message).not.toContain("wrong");

    const down = await call(list, {}, { servers: { files: { ...files, port: await closedPort() } } });
    expect(down.envelope.error?.error_code).toBe("ConnectionFailed");

    const silent = await silentServer();
    const started = Date.now();
    const hung = await call(list, {}, { servers: { files: { ...files, port: silent.port } }, timeout_ms: 500 });
    expect(hung.envelope.error?.error_code).toBe("ConnectionFailed");
    expect(Date.now() - started).toBeLessThan(3000);
    await silent.close();
  });

  it("takes a host from the parameters only when the deployment allows it", async () => {
    const files = (config.servers as { files: { port: number } }).files;
    const inline = { host: "127.0.0.1", port: files.port, username: "alice", password: "s3cret" };
    const refused = await call(list, inline);
    expect(refused.envelope.error?.error_code).toBe("InlineServerNotAllowed");
    const allowed = await call(list, inline, { allow_inline_servers: true });
    expect(allowed.envelope.error).toBeNull();
    const unknown = await call(list, { server: "other" });
    expect(unknown.envelope.error?.error_code).toBe("ServerNotConfigured");
  });

  it("speaks FTPS (AUTH TLS) and verifies the server's certificate", async () => {
    const trusted = { servers: { tls: { ...tlsServer, ca: fixture("tls-cert.pem") } } };
    const up = await call(upload, { path: "secure.txt", content: "over TLS" }, trusted);
    expect(up.envelope.error).toBeNull();
    expect(readFileSync(path.join(root, "secure.txt"), "utf8")).toBe("over TLS");
    const down = await call(download, { path: "secure.txt" }, trusted);
    expect(down.envelope.command_response.body).toMatchObject({
      content_base64: Buffer.from("over TLS").toString("base64"),
    });

    const untrusted = await call(list, {}, { servers: { tls: tlsServer } });
    expect(untrusted.envelope.error?.error_code).toBe("ConnectionFailed");
    expect(untrusted.envelope.error?.message).toMatch(/certificate/i);
  });
});
