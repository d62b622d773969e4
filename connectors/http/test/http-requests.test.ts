import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { emptyReserved, runCommand } from "@connector-proxy/sdk";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnector } from "../src/create-http-connector.js";
import { echo, type LocalServer, sendJson, startServer } from "./local-server.js";

const http = createHttpConnector();
const command = (name: string) => {
  const found = http.commands.find((item) => item.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
};

interface Echo {
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  body: string;
}

let server: LocalServer;
let other: LocalServer;

beforeAll(async () => {
  other = await startServer(echo);
  server = await startServer((request, response, body) => {
    const path = request.url ?? "/";
    if (path.startsWith("/xml")) {
      response.writeHead(200, { "content-type": "application/xml; charset=utf-8" });
      response.end(
        '<?xml version="1.0"?><order id="7"><item sku="a">pen</item><item sku="b">ink</item><note/></order>',
      );
    } else if (path.startsWith("/compressed/")) {
      const encoding = path.split("/")[2] ?? "";
      const json = Buffer.from(JSON.stringify({ compressed: encoding, accepted: request.headers["accept-encoding"] }));
      const packed =
        encoding === "br" ? brotliCompressSync(json) : encoding === "deflate" ? deflateSync(json) : gzipSync(json);
      response.writeHead(200, { "content-type": "application/json", "content-encoding": encoding });
      response.end(packed);
    } else if (path.startsWith("/big-head")) {
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": String(50 * 1024 * 1024),
      });
      response.end();
    } else if (path.startsWith("/text")) {
      response.writeHead(200, { "content-type": "text/plain", "x-extra": "yes" });
      response.end("just text");
    } else if (path.startsWith("/elsewhere")) {
      response.writeHead(307, { location: `${other.url}/echo/elsewhere` });
      response.end();
    } else if (path.startsWith("/redirect/")) {
      const left = Number(path.split("/")[2]);
      response.writeHead(302, { location: left > 1 ? `/redirect/${left - 1}` : "/echo/landed" });
      response.end();
    } else if (path.startsWith("/status/")) {
      sendJson(response, Number(path.split("/")[2]), { problem: "upstream says no", detail: "x".repeat(2000) });
    } else {
      echo(request, response, body);
    }
  });
});
afterAll(async () => {
  await http.close();
  await Promise.all([server.close(), other.close()]);
});

describe("http commands against a real server", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"])("sends %s and answers the parsed JSON body", async (method) => {
    const name = `${method[0]}${method.slice(1).toLowerCase()}RequestV2`;
    const { status, envelope } = await callCommand(command(name), { url: `${server.url}/echo/${method}` });
    expect(status).toBe(200);
    expect(envelope.error).toBeNull();
    const response = envelope.command_response as { body: Echo; http_status: number; mimetype: string };
    expect(response.http_status).toBe(200);
    expect(response.mimetype).toBe("application/json");
    expect(response.body.method).toBe(method);
    expect(response.body.path).toBe(`/echo/${method}`);
  });

  it("sends HEAD and answers an empty raw_response", async () => {
    const { envelope } = await callCommand(command("HeadRequest"), { url: `${server.url}/echo` });
    expect(envelope.error).toBeNull();
    expect(envelope.command_response).toMatchObject({ http_status: 200, body: { raw_response: "" } });
  });

  it("answers HEAD of a resource larger than the size limit", async () => {
    const { envelope } = await callCommand(command("HeadRequestV2"), {
      url: `${server.url}/big-head`,
      include_response_headers: true,
    });
    expect(envelope.error).toBeNull();
    expect(envelope.command_response).toMatchObject({ http_status: 200, headers: { "content-length": "52428800" } });
  });

  it("encodes JSON by default and adds Content-Type", async () => {
    const { envelope } = await callCommand(command("PostRequestV2"), {
      url: `${server.url}/echo`,
      data: { name: "Ada", tags: [1, 2] },
    });
    const body = (envelope.command_response as { body: Echo }).body;
    expect(JSON.parse(body.body)).toEqual({ name: "Ada", tags: [1, 2] });
    expect(body.headers["content-type"]).toBe("application/json");
  });

  it("sends {} as JSON from Post/Put/PatchRequestV2 without data (connector-http's `data or {}`), nothing from Arena's", async () => {
    for (const name of ["PostRequestV2", "PutRequestV2", "PatchRequestV2"]) {
      const { envelope } = await callCommand(command(name), { url: `${server.url}/echo` });
      const body = (envelope.command_response as { body: Echo }).body;
      expect([name, body.body, body.headers["content-type"]]).toEqual([name, "{}", "application/json"]);
    }
    const arena = await callCommand(command("PostRequest"), { url: `${server.url}/echo` });
    expect((arena.envelope.command_response as { body: Echo }).body.body).toBe("");
  });

  it("keeps a Content-Type the diagram set", async () => {
    const { envelope } = await callCommand(command("PutRequest"), {
      url: `${server.url}/echo`,
      data: { a: 1 },
      headers: { "Content-Type": "application/vnd.api+json" },
    });
    expect((envelope.command_response as { body: Echo }).body.headers["content-type"]).toBe("application/vnd.api+json");
  });

  it("encodes form bodies, sends raw text as is, and sends no body with none", async () => {
    const form = await callCommand(command("PostRequest"), {
      url: `${server.url}/echo`,
      data: { a: "1 2", b: ["x", "y"] },
      body_format: "form",
    });
    const formBody = (form.envelope.command_response as { body: Echo }).body;
    expect(formBody.body).toBe("a=1+2&b=x&b=y");
    expect(formBody.headers["content-type"]).toBe("application/x-www-form-urlencoded");

    const raw = await callCommand(command("PatchRequest"), {
      url: `${server.url}/echo`,
      data: "<x>raw</x>",
      body_format: "raw",
      headers: { "content-type": "text/xml" },
    });
    expect((raw.envelope.command_response as { body: Echo }).body.body).toBe("<x>raw</x>");

    const none = await callCommand(command("DeleteRequest"), {
      url: `${server.url}/echo`,
      data: { a: 1 },
      body_format: "none",
    });
    const noneBody = (none.envelope.command_response as { body: Echo }).body;
    expect(noneBody.body).toBe("");
    expect(noneBody.headers["content-type"]).toBeUndefined();
  });

  it("adds query parameters to the URL's own (a list repeats the key)", async () => {
    const { envelope } = await callCommand(command("GetRequestV2"), {
      url: `${server.url}/echo?keep=1`,
      params: { q: "a b", ids: [1, 2], skip: null },
    });
    expect((envelope.command_response as { body: Echo }).body.query).toEqual({
      keep: ["1"],
      q: ["a b"],
      ids: ["1", "2"],
    });
  });

  it("sends basic auth, custom headers and the traceparent", async () => {
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const { envelope } = await callCommand(command("GetRequest"), {
      url: `${server.url}/echo`,
      basic_auth_username: "ada",
      basic_auth_password: "s3cret!",
      headers: { "X-Flag": 7 },
    });
    const headers = (envelope.command_response as { body: Echo }).body.headers;
    expect(headers.authorization).toBe(`Basic ${Buffer.from("ada:s3cret!").toString("base64")}`);
    expect(headers["x-flag"]).toBe("7");
    expect(headers.traceparent).toBeUndefined();

    const traced = await runCommand(
      "http/GetRequest",
      command("GetRequest"),
      { url: `${server.url}/echo` },
      {
        reserved: emptyReserved(),
        signal: AbortSignal.timeout(5000),
        deadline: Date.now() + 5000,
        traceparent,
      },
    );
    expect(traced.envelope).toMatchObject({ command_response: { body: { headers: { traceparent } } } });
  });

  it("sends the URL's user info as basic auth, and logs the URL without it", async () => {
    const { envelope } = await callCommand(command("GetRequestV2"), {
      url: `${server.url.replace("://", "://ada:s3cret%21@")}/echo`,
    });
    const headers = (envelope.command_response as { body: Echo }).body.headers;
    expect(headers.authorization).toBe(`Basic ${Buffer.from("ada:s3cret!").toString("base64")}`);
    expect(envelope.spiff__logs.join("\n")).toContain(`GET ${server.url}/echo attempt 1/1`);
  });

  it("parses XML to an xmltodict-like object and other types to raw_response", async () => {
    const xml = await callCommand(command("GetRequestV2"), { url: `${server.url}/xml` });
    expect(xml.envelope.command_response).toMatchObject({
      mimetype: "application/json", // V2 answers application/json whatever the upstream's type, as the reference
      body: {
        order: {
          "@id": "7",
          item: [
            { "@sku": "a", "#text": "pen" },
            { "@sku": "b", "#text": "ink" },
          ],
          note: null, // xmltodict's None for an empty element
        },
      },
    });
    const text = await callCommand(command("GetRequest"), { url: `${server.url}/text` });
    expect(text.envelope.command_response).toMatchObject({
      mimetype: "text/plain", // Arena's names answer the upstream's type
      body: { raw_response: "just text" },
    });
  });

  it.each(["gzip", "deflate", "br"])("asks for compression and decodes a %s body", async (encoding) => {
    const { envelope } = await callCommand(command("GetRequestV2"), { url: `${server.url}/compressed/${encoding}` });
    expect(envelope.error).toBeNull();
    expect(envelope.command_response).toMatchObject({
      body: { compressed: encoding, accepted: "gzip, deflate, br" },
    });
  });

  it("answers the response headers only when include_response_headers is set", async () => {
    const without = await callCommand(command("GetRequestV2"), { url: `${server.url}/text` });
    expect((without.envelope.command_response as { headers: object }).headers).toEqual({});
    const withHeaders = await callCommand(command("GetRequestV2"), {
      url: `${server.url}/text`,
      include_response_headers: true,
    });
    expect((withHeaders.envelope.command_response as { headers: object }).headers).toMatchObject({ "x-extra": "yes" });
  });

  it("follows redirects and logs them", async () => {
    const { envelope } = await callCommand(command("GetRequestV2"), { url: `${server.url}/redirect/3` });
    expect(envelope.error).toBeNull();
    expect((envelope.command_response as { body: Echo }).body.path).toBe("/echo/landed");
    expect(envelope.spiff__logs.join("\n")).toContain("after 3 redirects");
  });

  it("drops credentials on a redirect to another origin but keeps the body of a 307", async () => {
    const { envelope } = await callCommand(command("PostRequestV2"), {
      url: `${server.url}/elsewhere`,
      data: { keep: true },
      basic_auth_username: "ada",
      basic_auth_password: "s3cret!",
    });
    const body = (envelope.command_response as { body: Echo }).body;
    expect(body.path).toBe("/echo/elsewhere");
    expect(body.method).toBe("POST");
    expect(JSON.parse(body.body)).toEqual({ keep: true });
    expect(body.headers.authorization).toBeUndefined();
  });

  it("drops API-key headers on a redirect to another origin, keeps them on the same origin", async () => {
    const headers = { "X-Api-Key": "key-123", "X-Auth-Token": "tok-456", "X-Trace-Note": "kept" };
    const away = await callCommand(command("GetRequestV2"), { url: `${server.url}/elsewhere`, headers });
    const awayHeaders = (away.envelope.command_response as { body: Echo }).body.headers;
    expect(awayHeaders["x-trace-note"]).toBe("kept");
    expect(awayHeaders["x-api-key"]).toBeUndefined();
    expect(awayHeaders["x-auth-token"]).toBeUndefined();

    const same = await callCommand(command("GetRequestV2"), { url: `${server.url}/redirect/1`, headers });
    const sameHeaders = (same.envelope.command_response as { body: Echo }).body.headers;
    expect(sameHeaders).toMatchObject({ "x-api-key": "key-123", "x-auth-token": "tok-456", "x-trace-note": "kept" });
  });

  it.each([404, 400, 500, 503])("answers HttpError%i with the upstream status and a truncated body", async (code) => {
    const { status, envelope } = await callCommand(command("GetRequestV2"), { url: `${server.url}/status/${code}` });
    expect(status).toBe(200);
    expect(envelope.error?.error_code).toBe(`HttpError${code}`);
    expect(envelope.error?.message).toContain("upstream says no");
    expect(envelope.error?.message.length).toBeLessThan(700);
    expect(envelope.command_response).toMatchObject({ http_status: code, body: { problem: "upstream says no" } });
  });

  it("refuses a URL that is not http(s)", async () => {
    const { envelope } = await callCommand(command("GetRequestV2"), { url: "ftp://127.0.0.1/file" });
    expect(envelope.error?.error_code).toBe("InvalidSchema");
    expect(envelope.command_response).toMatchObject({ http_status: 400 });
  });
});
