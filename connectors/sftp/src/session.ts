/**
 * One SFTP session per call: connect (checking the pinned host key), log in, run the file
 * operation, end. Failures become named errors.
 */
import { type CommandContext, CommandError, isCommandError, lazy, type RemoteFiles } from "@connector-proxy/sdk";
import { type HostKeyCheck, hostKeyVerifier } from "./host-key.js";
import { sftpFiles } from "./remote-files.js";
import { chooseSftpServer } from "./server-params.js";
import { readSftpSettings, type SftpServer } from "./settings.js";

/** ssh2-sftp-client (and ssh2 under it), imported on the first session rather than at start-up. */
const loadSftpClient = lazy(() => import("ssh2-sftp-client"));

export const SESSION_ERRORS = {
  HostKeyMismatch: "The server's host key is not the pinned one (or none is pinned): the connection was refused",
  AuthenticationFailed: "The server refused the username, password or key",
  ConnectionFailed: "The server could not be reached",
  FileNotFound: "The remote file or directory does not exist or is not accessible",
  TransferFailed: "The server refused or broke off the operation",
} as const;

/** Run `use` on a connected session; the session is ended afterwards, whatever happens. */
export async function withSftp<T>(
  params: Record<string, unknown>,
  ctx: CommandContext,
  use: (files: RemoteFiles, maxDownloadBytes: number) => Promise<T>,
): Promise<T> {
  const settings = readSftpSettings(ctx.config);
  const server = chooseSftpServer(params, settings);
  const { default: SftpClient } = await loadSftpClient();
  const client = new SftpClient("connector-proxy");
  const check: HostKeyCheck = { presented: null, accepted: false };
  const onAbort = () => void client.end().catch(() => {});
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    try {
      await client.connect({
        host: server.host,
        port: server.port,
        username: server.username,
        ...(server.password === undefined ? {} : { password: server.password }),
        ...(server.private_key === undefined ? {} : { privateKey: server.private_key }),
        ...(server.passphrase === undefined ? {} : { passphrase: server.passphrase }),
        readyTimeout: settings.timeout_ms,
        hostVerifier: hostKeyVerifier(server.host_key_sha256, server.accept_any_host_key, check),
      });
    } catch (cause) {
      throw connectFailure(server, check, cause);
    }
    try {
      return await use(sftpFiles(client), settings.max_download_bytes);
    } catch (cause) {
      throw operationFailure(cause);
    }
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    await client.end().catch(() => {});
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function connectFailure(server: SftpServer, check: HostKeyCheck, cause: unknown): CommandError {
  const where = `SFTP server ${server.host}:${server.port}`;
  if (check.presented !== null && !check.accepted) {
    const expected = server.host_key_sha256
      ? `the pinned ${server.host_key_sha256}`
      : "a pinned key (host_key_sha256 is not set)";
    return new CommandError(
      "HostKeyMismatch",
      `Refused ${where}: it presented host key ${check.presented}, expected ${expected}. Verify the key out of band before pinning it.`,
      { httpStatus: 502, cause },
    );
  }
  if (/authentication methods failed/i.test(reason(cause))) {
    return new CommandError(
      "AuthenticationFailed",
      `${where} refused the login of "${server.username}": check the credentials`,
      {
        httpStatus: 401,
        cause,
      },
    );
  }
  return new CommandError("ConnectionFailed", `Cannot connect to ${where}: ${reason(cause)}`, {
    httpStatus: 503,
    cause,
  });
}

function operationFailure(cause: unknown): unknown {
  if (isCommandError(cause)) return cause;
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (code === "ENOENT" || code === "EACCES" || code === 2 || code === 3) {
    return new CommandError(
      "FileNotFound",
      `The SFTP server has no such file or directory (or refuses access): ${reason(cause)}`,
      {
        httpStatus: 404,
        cause,
      },
    );
  }
  return new CommandError("TransferFailed", `The SFTP operation failed: ${reason(cause)}`, { httpStatus: 502, cause });
}
