import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { callCommand } from "@connector-proxy/sdk/testing";
import { utils } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sftpCommands } from "../src/index.js";
import { type SftpTestServer, startSftpServer } from "./sftp-server.js";

function command(name: string) {
  const found = sftpCommands.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}
const upload = command("Upload");
const download = command("Download");
const list = command("List");
const deleteFile = command("Delete");
const rename = command("Rename");

const root = mkdtempSync(path.join(tmpdir(), "sftp-connector-"));
const hostKey = utils.generateKeyPairSync("ed25519");
const otherKey = utils.generateKeyPairSync("ed25519");
const userKey = utils.generateKeyPairSync("ed25519");

/** The OpenSSH fingerprint of a public key, computed from ssh2's parse of the key. */
function fingerprintOf(publicKey: string): string {
  const parsed = utils.parseKey(publicKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error("no key");
  return `SHA256:${createHash("sha256").update(key.getPublicSSH()).digest("base64").replace(/=+$/, "")}`;
}

let sftp: SftpTestServer;
let server: Record<string, unknown>;
let config: Record<string, unknown>;

beforeAll(async () => {
  sftp = await startSftpServer({
    root,
    hostKey: hostKey.private,
    username: "bob",
    password: "hunter2",
    userKey: userKey.public,
  });
  server = {
    host: "127.0.0.1",
    port: sftp.port,
    username: "bob",
    password: "hunter2",
    host_key_sha256: fingerprintOf(hostKey.public),
  };
  config = { servers: { files: server } };
});

afterAll(async () => {
  await sftp.close();
  rmSync(root, { recursive: true, force: true });
});

const call = (command: Parameters<typeof callCommand>[0], params: Record<string, unknown>, settings = config) =>
  callCommand(command, params, { config: settings });

describe("sftp connector", () => {
  it("uploads text, base64 and data URLs and downloads the exact bytes", async () => {
    const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(300_000)]);
    const cases = [
      { path: "/hello.txt", content: "héllo\r\n", content_encoding: "text", bytes: Buffer.from("héllo\r\n") },
      { path: "blob.bin", content: binary.toString("base64"), content_encoding: "base64", bytes: binary },
      { path: "/url.txt", content: "data:text/plain,a%20b", content_encoding: "data_url", bytes: Buffer.from("a b") },
    ];
    for (const item of cases) {
      const up = await call(upload, {
        path: item.path,
        content: item.content,
        content_encoding: item.content_encoding,
      });
      expect(up.envelope.error, item.path).toBeNull();
      expect(up.envelope.command_response.body).toEqual({ path: item.path, size: item.bytes.length });
      expect(readFileSync(path.join(root, item.path)).equals(item.bytes), item.path).toBe(true);

      const down = await call(download, { path: item.path });
      expect(down.envelope.error, item.path).toBeNull();
      const body = down.envelope.command_response.body as { size: number; content_base64: string };
      expect(body.size).toBe(item.bytes.length);
      expect(Buffer.from(body.content_base64, "base64").equals(item.bytes), item.path).toBe(true);
    }
  });

  it("lists, renames and deletes", async () => {
    mkdirSync(path.join(root, "sub"), { recursive: true });
    await call(upload, { path: "/sub/a.txt", content: "12345" });
    const listed = await call(list, { path: "/sub" });
    expect(listed.envelope.error).toBeNull();
    expect((listed.envelope.command_response.body as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({ name: "a.txt", type: "file", size: 5 }),
    ]);
    const top = await call(list, {});
    expect((top.envelope.command_response.body as { entries: unknown[] }).entries).toContainEqual(
      expect.objectContaining({ name: "sub", type: "directory" }),
    );

    const renamed = await call(rename, { from: "/sub/a.txt", to: "/sub/b.txt" });
    expect(renamed.envelope.error).toBeNull();
    expect(existsSync(path.join(root, "sub/a.txt"))).toBe(false);
    expect(readFileSync(path.join(root, "sub/b.txt"), "utf8")).toBe("12345");

    const deleted = await call(deleteFile, { path: "/sub/b.txt" });
    expect(deleted.envelope.command_response.body).toEqual({ deleted: "/sub/b.txt" });
    expect(existsSync(path.join(root, "sub/b.txt"))).toBe(false);
  });

  it("names missing files and files over the limit", async () => {
    for (const command of [download, deleteFile]) {
      const { envelope } = await call(command, { path: "/missing.txt" });
      expect(envelope.error?.error_code).toBe("FileNotFound");
    }
    await call(upload, { path: "/big.txt", content: "x".repeat(2000) });
    const big = await call(download, { path: "/big.txt", max_bytes: 1000 });
    expect(big.envelope.error?.error_code).toBe("FileTooLarge");
  });

  it("logs in with a private key", async () => {
    const { password: _password, ...withoutPassword } = server;
    const withKey = { ...withoutPassword, private_key: userKey.private };
    const listed = await call(list, {}, { servers: { files: withKey } });
    expect(listed.envelope.error).toBeNull();
    const wrongKey = { ...withoutPassword, private_key: otherKey.private };
    const refused = await call(list, {}, { servers: { files: wrongKey } });
    expect(refused.envelope.error?.error_code).toBe("AuthenticationFailed");
  });

  it("names refused logins and unreachable servers", async () => {
    const { envelope } = await call(list, {}, { servers: { files: { ...server, password: "wrong" } } });
    expect(envelope.error?.error_code).toBe("AuthenticationFailed");
    expect(envelope.error?.message).not.toContain("wrong");

    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const address = probe.address();
    await new Promise((resolve) => probe.close(resolve));
    const closedPort = typeof address === "object" && address ? address.port : 0;
    const down = await call(list, {}, { servers: { files: { ...server, port: closedPort } } });
    expect(down.envelope.error?.error_code).toBe("ConnectionFailed");

    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentAddress = silent.address();
    const silentPort = typeof silentAddress === "object" && silentAddress ? silentAddress.port : 0;
    const started = Date.now();
    const hung = await call(list, {}, { servers: { files: { ...server, port: silentPort } }, timeout_ms: 500 });
    expect(hung.envelope.error?.error_code).toBe("ConnectionFailed");
    expect(Date.now() - started).toBeLessThan(3000);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("refuses a server whose host key is not the pinned one, and an unpinned server", async () => {
    const pinnedOther = { ...server, host_key_sha256: fingerprintOf(otherKey.public) };
    const mismatch = await call(list, {}, { servers: { files: pinnedOther } });
    expect(mismatch.envelope.error?.error_code).toBe("HostKeyMismatch");
    expect(mismatch.envelope.error?.message).toContain(fingerprintOf(hostKey.public));

    const { host_key_sha256: _pin, ...unpinned } = server;
    const refused = await call(list, {}, { servers: { files: unpinned } });
    expect(refused.envelope.error?.error_code).toBe("HostKeyMismatch");
    const accepted = await call(list, {}, { servers: { files: { ...unpinned, accept_any_host_key: true } } });
    expect(accepted.envelope.error).toBeNull();
  });

  it("takes a host from the parameters only when the deployment allows it", async () => {
    const refused = await call(list, server);
    expect(refused.envelope.error?.error_code).toBe("InlineServerNotAllowed");
    const allowed = await call(list, server, { allow_inline_servers: true });
    expect(allowed.envelope.error).toBeNull();
  });
});
