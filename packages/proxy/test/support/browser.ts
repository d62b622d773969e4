/**
 * A minimal browser for OAuth tests: keeps cookies, follows redirects by hand, and submits
 * the provider's dev login and consent forms, until it is sent to a URL `stop` accepts.
 */

const MAX_HOPS = 25;

export interface BrowseResult {
  /** The URL the browser was finally sent to (the one `stop` accepted), or null. */
  stoppedAt: string | null;
  /** The last response when it was not a redirect (an error page). */
  last: Response;
}

function formOf(html: string, base: string): { action: string; fields: URLSearchParams } | null {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form?.[1]) return null;
  const fields = new URLSearchParams();
  for (const input of (form[2] ?? "").matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    if (!name) continue;
    const value = /value="([^"]*)"/.exec(input[0])?.[1];
    fields.set(name, value ?? (name === "login" ? "alice" : name === "password" ? "any-password" : ""));
  }
  return { action: new URL(form[1].replace(/&amp;/g, "&"), base).href, fields };
}

export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    this.remember(response);
    return response;
  }

  /** Follow redirects and forms from `url` until `stop(next)` is true or a page has no form. */
  async browse(
    url: string,
    stop: (next: string) => boolean,
    rewrite: (next: string) => string = (u) => u,
  ): Promise<BrowseResult> {
    let next = url;
    let init: RequestInit = {};
    for (let hop = 0; hop < MAX_HOPS; hop += 1) {
      const response = await this.request(next, init);
      init = {};
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        next = rewrite(new URL(location, next).href);
        if (stop(next)) return { stoppedAt: next, last: response };
        continue;
      }
      const html = await response.clone().text();
      const form = response.status === 200 ? formOf(html, next) : null;
      if (!form) return { stoppedAt: null, last: response };
      next = form.action;
      init = { method: "POST", body: form.fields, headers: { "content-type": "application/x-www-form-urlencoded" } };
    }
    throw new Error(`More than ${MAX_HOPS} hops from ${url}`);
  }
}
