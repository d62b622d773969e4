/**
 * Which SFTP server a call talks to: a server named in the settings, or (when the deployment
 * allows it) a host, credentials and pinned host key given as parameters.
 */
import { CommandError, pickNamed, z } from "@connector-proxy/sdk";
import { type SftpServer, type SftpSettings, sftpServerSchema } from "./settings.js";

/** Parameters every SFTP command takes. */
export const serverParams = {
  server: z.string().optional().describe("Server name from the connector's settings (default: the only one)"),
  host: z.string().min(1).optional().describe("Host, when the deployment allows inline servers"),
  port: z.number().int().min(1).max(65535).optional().describe("Port of an inline server (default 22)"),
  username: z.string().optional().describe("User of an inline server"),
  password: z.string().optional().describe("Password of an inline server"),
  private_key: z.string().optional().describe("Private key of an inline server's user"),
  passphrase: z.string().optional().describe("Passphrase of private_key"),
  host_key_sha256: z.string().optional().describe('Pinned host key fingerprint of an inline server ("SHA256:...")'),
};

const serverParamsSchema = z.object(serverParams);
export type ServerParams = z.output<typeof serverParamsSchema>;

export const SERVER_ERRORS = {
  ServerNotConfigured: "No server of that name in the connector's settings",
  InlineServerNotAllowed: "The deployment does not let diagrams pass a host and credentials",
} as const;

/** The server to connect to. */
export function chooseServer(params: ServerParams, settings: SftpSettings): SftpServer {
  if (params.host === undefined) {
    return pickNamed(settings.servers, params.server, {
      kind: "SFTP server",
      setting: "servers",
      parameter: "server",
      code: "ServerNotConfigured",
    }).value;
  }
  if (!settings.allow_inline_servers) {
    throw new CommandError(
      "InlineServerNotAllowed",
      "This proxy does not accept SFTP hosts and credentials as parameters: use a server from the sftp connector's servers setting (or set allow_inline_servers)",
      { httpStatus: 403 },
    );
  }
  if (params.server !== undefined) {
    throw new CommandError("ServerNotConfigured", "Give either server or host, not both");
  }
  const { server: _named, ...inline } = params;
  return sftpServerSchema.parse(inline);
}
