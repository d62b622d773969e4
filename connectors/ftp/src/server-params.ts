/**
 * Which FTP server a call talks to: a server named in the settings, or (when the deployment
 * allows it) a host and credentials given as parameters.
 */
import { chooseServer, z } from "@connector-proxy/sdk";
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

const serverParamsSchema = z.object(serverParams);

/** The server to connect to. */
export function chooseFtpServer(params: Record<string, unknown>, settings: FtpSettings): FtpServer {
  const choice = serverParamsSchema.parse(params);
  return chooseServer(choice, settings, "FTP", () => {
    const { server: _named, ...inline } = choice;
    return ftpServerSchema.parse(inline);
  });
}
