/**
 * Which FTP server a call talks to: a server named in the settings, or (when the deployment
 * allows it) a host and credentials given as parameters.
 */
import { CommandError, pickNamed, z } from "@connector-proxy/sdk";
import { type FtpServer, type FtpSettings, ftpServerSchema } from "./settings.js";

/** Parameters every FTP command takes. */
export const serverParams = {
  server: z.string().optional().describe("Server name from the connector's settings (default: the only one)"),
  host: z.string().min(1).optional().describe("Host, when the deployment allows inline servers"),
  port: z.number().int().min(1).max(65535).optional().describe("Port of an inline server (default 21)"),
  username: z.string().optional().describe("User of an inline server"),
  password: z.string().optional().describe("Password of an inline server"),
  secure: z
    .union([z.boolean(), z.literal("implicit")])
    .optional()
    .describe("FTPS for an inline server"),
};

export const SERVER_ERRORS = {
  ServerNotConfigured: "No server of that name in the connector's settings",
  InlineServerNotAllowed: "The deployment does not let diagrams pass a host and credentials",
} as const;

const serverParamsSchema = z.object(serverParams);
export type ServerParams = z.output<typeof serverParamsSchema>;

/** The server to connect to. */
export function chooseServer(params: ServerParams, settings: FtpSettings): FtpServer {
  if (params.host === undefined) {
    return pickNamed(settings.servers, params.server, {
      kind: "FTP server",
      setting: "servers",
      parameter: "server",
      code: "ServerNotConfigured",
    }).value;
  }
  if (!settings.allow_inline_servers) {
    throw new CommandError(
      "InlineServerNotAllowed",
      "This proxy does not accept FTP hosts and credentials as parameters: use a server from the ftp connector's servers setting (or set allow_inline_servers)",
      { httpStatus: 403 },
    );
  }
  if (params.server !== undefined) {
    throw new CommandError("ServerNotConfigured", "Give either server or host, not both");
  }
  return ftpServerSchema.parse({
    host: params.host,
    port: params.port,
    username: params.username,
    password: params.password,
    secure: params.secure,
  });
}
