/**
 * A verified webhook body as event data: JSON when it parses as JSON (prototype-polluting keys
 * dropped), a form (`application/x-www-form-urlencoded`, as Slack's slash commands send) as an
 * object of its fields, anything else as the text itself.
 */

const POLLUTING = new Set(["__proto__", "constructor", "prototype"]);

export function webhookBody(text: string, contentType: string | undefined): unknown {
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(text)) if (!POLLUTING.has(key)) fields[key] = value;
    return fields;
  }
  const trimmed = text.trimStart();
  if (type.includes("json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(text, (key, value) => (POLLUTING.has(key) ? undefined : value));
    } catch {
      return text;
    }
  }
  return text;
}
