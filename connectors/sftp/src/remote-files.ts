/**
 * The SFTP side of the file-transfer commands: `RemoteFiles` over a connected
 * ssh2-sftp-client.
 */
import { fileTooLarge, type RemoteEntry, type RemoteFiles } from "@connector-proxy/sdk";
import type SftpClient from "ssh2-sftp-client";

const TYPES: Record<string, RemoteEntry["type"]> = { "-": "file", d: "directory", l: "symlink" };

export function sftpFiles(client: SftpClient): RemoteFiles {
  return {
    async put(path, bytes) {
      await client.put(Buffer.from(bytes), path);
    },
    async get(path, limit) {
      const { size } = await client.stat(path);
      if (size > limit) throw fileTooLarge(path, size, limit);
      const content = await client.get(path);
      if (!Buffer.isBuffer(content)) throw new Error("the SFTP client answered no buffer");
      if (content.length > limit) throw fileTooLarge(path, content.length, limit);
      return content;
    },
    async list(path) {
      const files = await client.list(path);
      return files.map((file) => ({
        name: file.name,
        type: TYPES[file.type] ?? "unknown",
        size: file.size,
        modified_at: new Date(file.modifyTime).toISOString(),
      }));
    },
    async remove(path) {
      await client.delete(path);
    },
    async rename(from, to) {
      await client.rename(from, to);
    },
  };
}
