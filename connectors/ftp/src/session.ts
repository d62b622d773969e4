/**
 * One FTP session per call: connect and log in, run the file operation, close. Failures
 * become named errors (login refused, file missing, connection failed).
 */
import { type CommandContext, CommandError, isCommandError, lazy, type RemoteFiles } from "@connector-proxy/sdk";
import { ftpFiles } from "./remote-files.js";
import { chooseFtpServer } from "./server-params.js";
import { readFtpSettings } from "./settings.js";

/** basic-ftp, imported on the first session rather than at start-up. */
const loadBasicFtp = lazy(() => import("basic-ftp"));

export const SESSION_ERRORS = {
  AuthenticationFailed: "The server refused the username or password",
  ConnectionFailed: "The server could not be reached",
  FileNotFound: "The remote file or directory does not exist or is not accessible",
  TransferFailed: "The server refused or broke off the operation",
} as const;

/** Run `use` on a logged-in session; the connection is closed afterwards, whatever happens. */
export async function withFtp<T>(
  params: Record<string, unknown>,
  ctx: CommandContext,
  use: (files: RemoteFiles, maxDownloadBytes: number) => Promise<T>,
): Promise<T> {
  const settings = readFtpSettings(ctx.config);
  const server = chooseFtpServer(params, settings);
  const { Client } = await loadBasicFtp();
  const client = new Client(settings.timeout_ms);
  const onAbort = () => client.close();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    try {
      await client.access({
        host: server.host,
        port: server.port,
        user: server.username,
        password: server.password,
        secure: server.secure,
        secureOptions: {
          rejectUnauthorized: server.reject_unauthorized,
          ...(server.ca === undefined ? {} : { ca: server.ca }),
        },
      });
    } catch (cause) {
      throw connectFailure(server.host, server.port, server.username, cause);
    }
    try {
      return await use(ftpFiles(client), settings.max_download_bytes);
    } catch (cause) {
      throw operationFailure(cause);
    }
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    client.close();
  }
}

function ftpCode(error: unknown): number | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "number" ? code : undefined;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function connectFailure(host: string, port: number, username: string, cause: unknown): CommandError {
  const code = ftpCode(cause);
  if (code === 530) {
    return new CommandError(
      "AuthenticationFailed",
      `FTP server ${host}:${port} refused the login of "${username}": check the credentials`,
      {
        httpStatus: 401,
        cause,
      },
    );
  }
  return new CommandError("ConnectionFailed", `Cannot connect to FTP server ${host}:${port}: ${reason(cause)}`, {
    httpStatus: 503,
    cause,
  });
}

function operationFailure(cause: unknown): unknown {
  if (isCommandError(cause)) return cause;
  const code = ftpCode(cause);
  if (code === 550) {
    return new CommandError(
      "FileNotFound",
      `The FTP server has no such file or directory (or refuses access): ${reason(cause)}`,
      {
        httpStatus: 404,
        cause,
      },
    );
  }
  return new CommandError("TransferFailed", `The FTP operation failed: ${reason(cause)}`, { httpStatus: 502, cause });
}
