/**
 * The connector `connector-proxy dev` serves from a folder, and how it is (re)mounted: a
 * TypeScript package loaded from its sources through tsx and type-checked first, or a Python
 * MCP server (`server.py`) run as a process-hosted child. A version that fails to type-check,
 * import or start is reported and the previous one keeps serving.
 */
import { existsSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Connector } from "@connector-proxy/sdk";
import { conventionalName } from "../catalogue/find-connector-packages.js";
import { type ConnectorSource, loadConnector } from "../catalogue/load-connector.js";
import { mountHosted } from "../catalogue/mount-hosted.js";
import { swapConnector } from "../catalogue/swap-connector.js";
import { type ConnectorSettings, connectorSettingsSchema, type ProxyConfig } from "../config/config-schema.js";
import type { ConnectorProxy } from "../proxy.js";
import { createTypeCheck } from "./dev-type-check.js";

export interface DevConnector {
  /** The mount name: `<name>/<Command>`. */
  readonly name: string;
  readonly language: "ts" | "python";
  /** The files to watch: a folder watched recursively, or single files and the folder's top level. */
  readonly watch: { recursive: string[]; flat: string[] };
  /** Load the current sources and serve them; throws, changing nothing, when they cannot be served. */
  mount(): Promise<string[]>;
  close(): Promise<void>;
}

/** A folder holding `server.py` and no package.json is a Python connector; anything else, TypeScript. */
export function isPythonFolder(folder: string): boolean {
  return existsSync(path.join(folder, "server.py")) && !existsSync(path.join(folder, "package.json"));
}

/** The connector name a folder conventionally holds: `connector-acme` → `acme`. */
export function folderConnectorName(folder: string): string {
  return conventionalName(path.basename(folder));
}

/**
 * A loader that imports the connector's own files afresh on each call (TypeScript through tsx,
 * registered for the whole process), its node_modules dependencies once (see dev-reload-hooks).
 */
async function freshImports(folder: string, source: ConnectorSource): Promise<() => Promise<Connector>> {
  (await import("tsx/esm/api")).register();
  register(new URL("./dev-reload-hooks.js", import.meta.url), { data: { folderUrl: pathToFileURL(folder).href } });
  let generation = 0;
  return () => loadConnector(source, (url) => import(`${url}?dev=${++generation}`));
}

/** A TypeScript connector from `folder/src/index.ts` (else the package's entry). Loads it once to learn its name. */
export async function typescriptConnector(folder: string): Promise<{ name: string; attach: Attach }> {
  const entry = path.join(folder, "src", "index.ts");
  const source = { path: existsSync(entry) ? entry : folder };
  const typeCheck = createTypeCheck(folder);
  const load = await freshImports(folder, source);
  let pending: Connector | null = await load();
  const name = pending.name;
  const attach: Attach = (proxy, config, settings) => {
    let current: Connector | null = null;
    return {
      name,
      language: "ts",
      watch: { recursive: [path.join(folder, "src")], flat: [folder] },
      async mount() {
        // the import goes first: tsx compiles on the loader thread while this one type-checks
        const loading = pending ? Promise.resolve(pending) : load();
        pending = null;
        loading.catch(() => {}); // a type error is reported first; the import's own error otherwise
        const errors = typeCheck?.();
        if (errors) throw new Error(`type errors:\n${errors}`);
        const next = await loading;
        if (next.name !== name) throw new Error(`the connector is now named "${next.name}": restart dev to rename it`);
        const handles = swapConnector(proxy.catalogue, next, { source: `dev connector "${name}"`, config, settings });
        const previous = current;
        current = next;
        await previous?.close();
        return handles.map((handle) => handle.id);
      },
      close: async () => current?.close(),
    };
  };
  return { name, attach };
}

type Attach = (proxy: ConnectorProxy, config: ProxyConfig, settings: ConnectorSettings | undefined) => DevConnector;

/** A Python MCP server (`folder/server.py`), process-hosted; each mount starts a new child, then stops the old one. */
export function pythonConnector(folder: string): { name: string; attach: Attach } {
  const name = folderConnectorName(folder);
  const attach: Attach = (proxy, config, configured) => {
    const settings =
      configured?.hosting === "process"
        ? configured
        : connectorSettingsSchema.parse({
            hosting: "process",
            process: { command: "python3", args: [path.join(folder, "server.py")] },
          });
    let closers: Array<() => Promise<void> | void> = [];
    const closeAll = async (list: typeof closers) => {
      await Promise.all(list.map((close) => close()));
    };
    return {
      name,
      language: "python",
      watch: { recursive: [], flat: [folder] },
      async mount() {
        const started: typeof closers = [];
        try {
          await mountHosted(
            { name, settings, source: null },
            {
              catalogue: proxy.catalogue,
              served: () => true,
              runtime: { logger: proxy.logger, closers: started },
              unknownParameters: settings.unknown_parameters ?? config.unknown_parameters,
              timeoutMs: () => 1000 * (settings.timeout_seconds ?? config.timeout_seconds),
            },
          );
        } catch (error) {
          await closeAll(started);
          throw error;
        }
        const previous = closers;
        closers = started;
        await closeAll(previous);
        return proxy.catalogue
          .list()
          .map((handle) => handle.id)
          .filter((id) => id.startsWith(`${name}/`));
      },
      close: () => closeAll(closers),
    };
  };
  return { name, attach };
}
