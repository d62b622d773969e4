import { describe, expect, it } from "vitest";
import { isSensitiveKey, REDACTED, redact, redactText } from "../src/redact.js";

describe("redaction (CONTRACT.md rules)", () => {
  it.each([
    "Authorization",
    "authentication",
    "password",
    "passwd",
    "pwd",
    "client_secret",
    "access_token",
    "jwt",
    "bearer",
    "credentials",
    "Cookie",
    "set-cookie",
    "session_id",
    "apiKey",
    "X-Api-Key",
    "api.key",
    "private_key",
    "AWS_SECRET_ACCESS_KEY",
    "key",
    "csrf_token",
    "smtp_password",
    "basic_auth_password",
  ])("%s is sensitive", (key) => expect(isSensitiveKey(key)).toBe(true));

  it.each(["display_name", "url", "message", "author", "channel", "monkey"])("%s is not", (key) =>
    expect(isSensitiveKey(key)).toBe(false),
  );

  it("redacts recursively, including headers and {name, value} items", () => {
    expect(
      redact({
        url: "u",
        headers: { Authorization: "Bearer abc", Accept: "json" },
        fields: [
          { name: "api_key", value: "v1" },
          { name: "colour", value: "blue" },
          { id: "x", type: "password", value: "v2" },
        ],
      }),
    ).toEqual({
      url: "u",
      headers: { Authorization: REDACTED, Accept: "json" },
      fields: [
        { name: "api_key", value: REDACTED },
        { name: "colour", value: "blue" },
        { id: "x", type: "password", value: REDACTED },
      ],
    });
  });

  it("scrubs credentials from free text and exact secret values", () => {
    expect(redactText("Authorization: Bearer abc.def")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactText("GET https://bob:hunter2@host/x")).toBe(`GET https://bob:${REDACTED}@host/x`);
    expect(redactText("token is s3cr3t-value here", ["s3cr3t-value"])).toBe(`token is ${REDACTED} here`);
    expect(redactText("dbname=dev user=dev password=hunter2 host=db")).toBe(
      `dbname=dev user=dev password=${REDACTED} host=db`,
    );
  });
});
