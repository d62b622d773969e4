/**
 * Module hooks of `connector-proxy dev` (registered with `module.register`, run on Node's loader
 * thread): an import of the dev connector's entry with `?dev=<n>` gives its own files that
 * same query, so each reload evaluates them afresh, while its dependencies in node_modules
 * (the SDK, zod, client libraries) stay loaded once.
 */
interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

let folderUrl = "";

export function initialize(data: { folderUrl: string }): void {
  folderUrl = data.folderUrl.endsWith("/") ? data.folderUrl : `${data.folderUrl}/`;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  const resolved = await nextResolve(specifier, context);
  const generation = context.parentURL?.startsWith(folderUrl)
    ? new URL(context.parentURL).searchParams.get("dev")
    : null;
  const url = new URL(resolved.url);
  if (generation === null || !resolved.url.startsWith(folderUrl) || url.pathname.includes("/node_modules/")) {
    return resolved;
  }
  url.searchParams.set("dev", generation);
  return { ...resolved, url: url.href };
}
