/**
 * A real SFTP server for the tests: ssh2's Server with password login, serving a local
 * directory as "/". Implements the requests ssh2-sftp-client sends for the five commands.
 */
import { constants, type Stats } from "node:fs";
import { type FileHandle, open, readdir, rename, stat, unlink } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type Attributes, type Connection, Server, type SFTPWrapper, utils } from "ssh2";

const { STATUS_CODE } = utils.sftp;

export interface SftpTestServer {
  port: number;
  close(): Promise<void>;
}

export async function startSftpServer(options: {
  root: string;
  hostKey: string;
  username: string;
  password: string;
  /** A public key (OpenSSH format) that may log in as `username` too. */
  userKey?: string;
}): Promise<SftpTestServer> {
  const parsed = options.userKey ? utils.parseKey(options.userKey) : null;
  const userKey = parsed instanceof Error || Array.isArray(parsed) ? null : parsed;
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [options.hostKey] }, (client) => {
    clients.add(client);
    client.on("close", () => clients.delete(client));
    client.on("error", () => {});
    client.on("authentication", (auth) => {
      if (auth.username !== options.username) return auth.reject(["password", "publickey"]);
      if (auth.method === "password" && auth.password === options.password) return auth.accept();
      if (auth.method === "publickey" && userKey && auth.key.data.equals(userKey.getPublicSSH())) {
        if (!auth.signature || !auth.blob) return auth.accept(); // the client asks whether this key would do
        if (userKey.verify(auth.blob, auth.signature, auth.hashAlgo) === true) return auth.accept();
      }
      auth.reject(["password", "publickey"]);
    });
    client.on("ready", () =>
      client.on("session", (accept) => accept().on("sftp", (acceptSftp) => serve(acceptSftp(), options.root))),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
      }),
  };
}

function attributes(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function serve(sftp: SFTPWrapper, root: string): void {
  const local = (remote: string) => path.join(root, path.posix.resolve("/", remote));
  const files = new Map<number, FileHandle>();
  const dirs = new Map<number, { path: string; done: boolean }>();
  let next = 0;
  const handle = () => {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(++next);
    return { id: next, buffer };
  };
  const idOf = (buffer: Buffer) => (buffer.length === 4 ? buffer.readUInt32BE(0) : -1);
  const fail = (id: number) => (error: NodeJS.ErrnoException) =>
    sftp.status(id, error.code === "ENOENT" ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE, error.message);

  sftp.on("OPEN", (id, filename, flags) => {
    const mode =
      flags & utils.sftp.OPEN_MODE.WRITE
        ? constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC
        : constants.O_RDONLY;
    open(local(filename), mode).then((file) => {
      const { id: key, buffer } = handle();
      files.set(key, file);
      sftp.handle(id, buffer);
    }, fail(id));
  });
  sftp.on("READ", (id, buffer, offset, length) => {
    const file = files.get(idOf(buffer));
    if (!file) return sftp.status(id, STATUS_CODE.FAILURE);
    file.read(Buffer.alloc(length), 0, length, offset).then(({ bytesRead, buffer: data }) => {
      if (bytesRead === 0) sftp.status(id, STATUS_CODE.EOF);
      else sftp.data(id, data.subarray(0, bytesRead));
    }, fail(id));
  });
  sftp.on("WRITE", (id, buffer, offset, data) => {
    const file = files.get(idOf(buffer));
    if (!file) return sftp.status(id, STATUS_CODE.FAILURE);
    file.write(data, 0, data.length, offset).then(() => sftp.status(id, STATUS_CODE.OK), fail(id));
  });
  sftp.on("FSTAT", (id, buffer) => {
    const file = files.get(idOf(buffer));
    if (!file) return sftp.status(id, STATUS_CODE.FAILURE);
    file.stat().then((stats) => sftp.attrs(id, attributes(stats)), fail(id));
  });
  const statRequest = (id: number, remote: string) =>
    stat(local(remote)).then((stats) => sftp.attrs(id, attributes(stats)), fail(id));
  sftp.on("STAT", statRequest);
  sftp.on("LSTAT", statRequest);
  sftp.on("CLOSE", (id, buffer) => {
    const key = idOf(buffer);
    const file = files.get(key);
    files.delete(key);
    dirs.delete(key);
    (file ? file.close() : Promise.resolve()).then(() => sftp.status(id, STATUS_CODE.OK), fail(id));
  });
  sftp.on("OPENDIR", (id, remote) => {
    stat(local(remote)).then((stats) => {
      if (!stats.isDirectory()) return sftp.status(id, STATUS_CODE.FAILURE, "not a directory");
      const { id: key, buffer } = handle();
      dirs.set(key, { path: local(remote), done: false });
      sftp.handle(id, buffer);
    }, fail(id));
  });
  sftp.on("READDIR", (id, buffer) => {
    const dir = dirs.get(idOf(buffer));
    if (!dir) return sftp.status(id, STATUS_CODE.FAILURE);
    if (dir.done) return sftp.status(id, STATUS_CODE.EOF);
    dir.done = true;
    readdir(dir.path)
      .then((names) =>
        Promise.all(
          names.map(async (filename) => {
            const stats = await stat(path.join(dir.path, filename));
            const longname = `${stats.isDirectory() ? "d" : "-"}rw-r--r-- 1 test test ${stats.size} Jan 1 00:00 ${filename}`;
            return { filename, longname, attrs: attributes(stats) };
          }),
        ),
      )
      .then((entries) => (entries.length ? sftp.name(id, entries) : sftp.status(id, STATUS_CODE.EOF)), fail(id));
  });
  sftp.on("REMOVE", (id, remote) => unlink(local(remote)).then(() => sftp.status(id, STATUS_CODE.OK), fail(id)));
  sftp.on("RENAME", (id, from, to) =>
    rename(local(from), local(to)).then(() => sftp.status(id, STATUS_CODE.OK), fail(id)),
  );
  sftp.on("REALPATH", (id, remote) => {
    const filename = path.posix.resolve("/", remote);
    sftp.name(id, [{ filename, longname: filename, attrs: { mode: 0, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 } }]);
  });
}
