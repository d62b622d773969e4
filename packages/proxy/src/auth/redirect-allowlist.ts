/**
 * The redirect_url allowlist: the browser is only ever sent back to a URL that starts with
 * one of the configured prefixes, at a path boundary (`https://arena.example.com` does not
 * admit `https://arena.example.com.evil.test/`).
 */

/** A predicate that admits only http(s) URLs under one of `prefixes`. */
export function redirectAllowlist(prefixes: readonly string[]): (url: string) => boolean {
  const normalised = prefixes.map((prefix) => new URL(prefix).href);
  return (candidate) => {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return false;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return false;
    if (url.username || url.password) return false;
    const href = url.href;
    return normalised.some((prefix) => {
      if (!href.startsWith(prefix)) return false;
      if (/[/?#]$/.test(prefix)) return true;
      const next = href.charAt(prefix.length);
      return next === "" || next === "/" || next === "?" || next === "#";
    });
  };
}
