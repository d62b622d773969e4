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

export async function startPythonStyleUpstream(): Promise<PythonStyleUpstream> {
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => {
      response.setHeader("content-type", "application/json");
      if (request.method === "GET" && request.url === "/v1/commands") {
        response.end(JSON.stringify(PYTHON_STYLE_CATALOGUE));
        return;
      }
      const params = JSON.parse(text || "{}") as Record<string, unknown>;
      response.end(
        JSON.stringify({
          command_response: { body: { received: params }, mimetype: "application/json", http_status: 200 },
          command_response_version: 2,
          error: null,
          spiff__logs: [],
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
