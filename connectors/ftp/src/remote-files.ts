/**
 * The FTP side of the file-transfer commands: `RemoteFiles` over a logged-in basic-ftp client.
 */
import { Readable, Writable } from "node:stream";
import { fileTooLarge, type RemoteEntry, type RemoteFiles } from "@connector-proxy/sdk";
import type { Client, FileType } from "basic-ftp";

/** basic-ftp's `FileType` values (Unknown, File, Directory, SymbolicLink), so the module loads without basic-ftp. */
const TYPES: Record<FileType, RemoteEntry["type"]> = {
  0: "unknown",
  1: "file",
  2: "directory",
  3: "symlink",
};

export function ftpFiles(client: Client): RemoteFiles {
  return {
    async put(path, bytes) {
      await client.uploadFrom(Readable.from([bytes]), path);
    },
    async get(path, limit) {
      const size = await client.size(path);
      if (size > limit) throw fileTooLarge(path, size, limit);
      const chunks: Buffer[] = [];
      let received = 0;
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          chunks.push(chunk);
          done(received > limit ? fileTooLarge(path, received, limit) : null);
        },
      });
      await client.downloadTo(sink, path);
      return Buffer.concat(chunks);
    },
    async list(path) {
      const files = await client.list(path);
      return files.map((file) => ({
        name: file.name,
        type: TYPES[file.type],
        size: file.size,
        modified_at: file.modifiedAt?.toISOString() ?? null,
      }));
    },
    async remove(path) {
      await client.remove(path);
    },
    async rename(from, to) {
      await client.rename(from, to);
    },
  };
}
