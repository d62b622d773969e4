/**
 * The commands every file-transfer connector (FTP, SFTP, ...) offers, written once:
 * Upload, Download, List, Delete and Rename over a small `RemoteFiles` interface that each
 * connector implements for its protocol. Runtime-neutral: bytes are Uint8Arrays.
 */
import { z } from "zod";
import { contentEncodingSchema, decodeContent } from "./binary-content.js";
import { CommandError } from "./command-error.js";
import type { CommandContext } from "./context.js";
import { type Command, defineCommand } from "./define-command.js";
import { pickNamed } from "./pick-named.js";

/** One directory entry as List answers it. */
export interface RemoteEntry {
  name: string;
  type: "file" | "directory" | "symlink" | "unknown";
  size: number;
  modified_at: string | null;
}

/** A logged-in session on a file server, as a connector implements it. */
export interface RemoteFiles {
  put(path: string, bytes: Uint8Array): Promise<void>;
  /** The file's bytes; throws `fileTooLarge(...)` rather than read more than `limit` bytes. */
  get(path: string, limit: number): Promise<Uint8Array>;
  list(path: string): Promise<RemoteEntry[]>;
  remove(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export interface FileTransferSpec {
  /** For descriptions: "FTP", "SFTP". */
  protocol: string;
  /** Parameters choosing the server (shared by all five commands). */
  serverParams: z.ZodRawShape;
  /** Error codes of connecting and of the protocol, published with every command. */
  errors: Record<string, string>;
  /** Open a session for these parameters, run `use`, and close it whatever happens. */
  session<T>(
    params: Record<string, unknown>,
    ctx: CommandContext,
    use: (files: RemoteFiles, maxDownloadBytes: number) => Promise<T>,
  ): Promise<T>;
}

/** The error a `RemoteFiles.get` throws for a file over the limit. */
export function fileTooLarge(path: string, size: number, limit: number): CommandError {
  return new CommandError("FileTooLarge", `${path} is ${size} bytes or more, over the ${limit}-byte download limit`, {
    httpStatus: 413,
  });
}

/**
 * Upload, Download, List, Delete and Rename for one protocol.
 *
 * @example
 * export default defineConnector({ name: "ftp", commands: defineFileTransferCommands(ftpSpec) });
 */
export function defineFileTransferCommands(spec: FileTransferSpec): Command[] {
  const { protocol, serverParams, session } = spec;
  const errors = { ...spec.errors };
  const path = z.string().min(1).describe("Remote path");
  return [
    defineCommand({
      name: "Upload",
      description: `Uploads a file (text, base64 or data URL) to an ${protocol} server`,
      annotations: { destructive: true, idempotent: true },
      params: z.object({ ...serverParams, path, content: z.string(), content_encoding: contentEncodingSchema }),
      errors: { ...errors, InvalidContent: "content does not match content_encoding" },
      run: async (params, ctx) => {
        const bytes = decodeContent(params.content, params.content_encoding);
        await session(params, ctx, (files) => files.put(params.path, bytes));
        ctx.log(`uploaded ${bytes.byteLength} bytes to ${params.path}`);
        return { body: { path: params.path, size: bytes.byteLength } };
      },
    }),
    defineCommand({
      name: "Download",
      description: `Downloads a file from an ${protocol} server and answers it as base64`,
      annotations: { readOnly: true },
      params: z.object({
        ...serverParams,
        path,
        max_bytes: z.number().int().positive().optional().describe("Refuse larger files (capped by the deployment)"),
      }),
      errors: { ...errors, FileTooLarge: "The file is larger than the size limit" },
      run: async (params, ctx) => {
        const bytes = await session(params, ctx, (files, maxDownloadBytes) =>
          files.get(params.path, Math.min(params.max_bytes ?? maxDownloadBytes, maxDownloadBytes)),
        );
        ctx.log(`downloaded ${bytes.byteLength} bytes from ${params.path}`);
        return { body: { path: params.path, size: bytes.byteLength, content_base64: toBase64(bytes) } };
      },
    }),
    defineCommand({
      name: "List",
      description: `Lists a directory on an ${protocol} server`,
      annotations: { readOnly: true },
      params: z.object({
        ...serverParams,
        path: z.string().default(".").describe("Remote directory (default: login)"),
      }),
      errors,
      run: async (params, ctx) => {
        const entries = await session(params, ctx, (files) => files.list(params.path));
        return { body: { path: params.path, entries } };
      },
    }),
    defineCommand({
      name: "Delete",
      description: `Deletes a file on an ${protocol} server`,
      annotations: { destructive: true, idempotent: true },
      params: z.object({ ...serverParams, path }),
      errors,
      run: async (params, ctx) => {
        await session(params, ctx, (files) => files.remove(params.path));
        ctx.log(`deleted ${params.path}`);
        return { body: { deleted: params.path } };
      },
    }),
    defineCommand({
      name: "Rename",
      description: `Renames or moves a file or directory on an ${protocol} server`,
      annotations: { destructive: true },
      params: z.object({ ...serverParams, from: path, to: path }),
      errors,
      run: async (params, ctx) => {
        await session(params, ctx, (files) => files.rename(params.from, params.to));
        ctx.log(`renamed ${params.from} to ${params.to}`);
        return { body: { from: params.from, to: params.to } };
      },
    }),
  ];
}

/** Errors of choosing a server, for `FileTransferSpec.errors`. */
export const SERVER_CHOICE_ERRORS = {
  ServerNotConfigured: "No server of that name in the connector's settings",
  InlineServerNotAllowed: "The deployment does not let diagrams pass a host and credentials",
} as const;

/**
 * The server a call uses: one of the configured `servers` (by the `server` parameter), or,
 * when a `host` parameter is given and the deployment allows it, the server `inline()` builds.
 */
export function chooseServer<T>(
  choice: { server?: string | undefined; host?: string | undefined },
  settings: { servers: Readonly<Record<string, T>>; allow_inline_servers: boolean },
  protocol: string,
  inline: () => T,
): T {
  if (choice.host === undefined) {
    const kind = `${protocol} server`;
    const options = { kind, setting: "servers", parameter: "server", code: "ServerNotConfigured" };
    return pickNamed(settings.servers, choice.server, options).value;
  }
  if (!settings.allow_inline_servers) {
    throw new CommandError(
      "InlineServerNotAllowed",
      `This proxy does not accept ${protocol} hosts and credentials as parameters: name one of the connector's servers (or set allow_inline_servers)`,
      { httpStatus: 403 },
    );
  }
  if (choice.server !== undefined)
    throw new CommandError("ServerNotConfigured", "Give either server or host, not both");
  return inline();
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
