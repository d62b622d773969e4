/**
 * Which SFTP server a call talks to: a server named in the settings, or (when the deployment
 * allows it) a host, credentials and pinned host key given as parameters.
 */
import { chooseServer, z } from "@connector-proxy/sdk";
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

/** The server to connect to. */
export function chooseSftpServer(params: Record<string, unknown>, settings: SftpSettings): SftpServer {
  const choice = serverParamsSchema.parse(params);
  return chooseServer(choice, settings, "SFTP", () => {
    const { server: _named, ...inline } = choice;
    return sftpServerSchema.parse(inline);
  });
}
