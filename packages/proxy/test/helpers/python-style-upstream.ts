/**
 * Test helper: an upstream shaped like the Python reference proxy (spiffworkflow-proxy) on
 * 127.0.0.1:0. Its `/v1/commands` lists `{id, parameters: [{id, type, required}]}` only (no
 * description, no schema), as the reference does; `/v1/do/...` answers a v2 envelope echoing
 * the parameters it received.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const PYTHON_STYLE_CATALOGUE = [
  {
    id: "py/Greet",
    parameters: [
      { id: "name", type: "str", required: true },
      { id: "times", type: "int", required: false },
      { id: "loud", type: "bool", required: false },
      { id: "extra", type: "any", required: false },
    ],
  },
  { id: "py/Ping", parameters: [] },
];

export interface PythonStyleUpstream {
  url: string;
  close(): Promise<void>;
}

/** What the upstream answers a call with: the v2 envelope's command_response status and body. */
export type UpstreamAnswer = (params: Record<string, unknown>) => { status: number; body: unknown; logs?: string[] };

/**
 * An upstream speaking just enough of the Spiff protocol: `GET /v1/commands` answers `catalogue`,
 * any POST answers the v2 envelope `answer` builds from the parameters it received.
 */
export async function startSpiffUpstream(catalogue: unknown, answer: UpstreamAnswer): Promise<PythonStyleUpstream> {
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => {
      response.setHeader("content-type", "application/json");
      if (request.method === "GET" && request.url === "/v1/commands") {
        response.end(JSON.stringify(catalogue));
        return;
      }
      const { status, body, logs = [] } = answer(JSON.parse(text || "{}") as Record<string, unknown>);
      response.statusCode = status === 202 ? 202 : 200;
      response.end(
        JSON.stringify({
          command_response: { body, mimetype: "application/json", http_status: status },
          command_response_version: 2,
          error: null,
          spiff__logs: logs,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The reference-shaped upstream: echoes the parameters it received. */
export function startPythonStyleUpstream(): Promise<PythonStyleUpstream> {
  return startSpiffUpstream(PYTHON_STYLE_CATALOGUE, (params) => ({ status: 200, body: { received: params } }));
}
