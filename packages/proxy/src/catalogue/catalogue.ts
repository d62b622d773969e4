/**
 * The live catalogue: every served command by id, grouped by the source that provided
 * it (so a remote proxy's commands can be replaced on refresh), with the Spiff JSON
 * pre-serialised (and pre-encoded) because `/v1/commands` is read far more often than it changes.
 */
import type { Trigger } from "@connector-proxy/sdk";
import type { CommandHandle } from "../hosting/command-handle.js";

/** Wraps a handle (same id) to change how it answers, e.g. from mock fixtures; see `Catalogue.decorate`. */
export type HandleDecorator = (handle: CommandHandle) => CommandHandle;

export class DuplicateCommandError extends Error {
  override name = "DuplicateCommandError";
}

export class Catalogue {
  private readonly bySource = new Map<string, CommandHandle[]>();
  private readonly byId = new Map<string, { handle: CommandHandle; source: string }>();
  /** Triggers of the connectors loaded in this process, by trigger name (the source key in `triggers`). */
  readonly triggers = new Map<string, { trigger: Trigger; connector: string }>();
  private json: string | null = null;
  private bytes: Uint8Array<ArrayBuffer> | null = null;
  private decorator: HandleDecorator | null = null;

  /** Set (or replace) the commands a source provides. Throws on an id another source already serves. */
  setSource(source: string, given: readonly CommandHandle[]): void {
    const handles = this.decorator ? given.map(this.decorator) : given;
    for (const handle of handles) {
      const owner = this.byId.get(handle.id);
      if (owner && owner.source !== source) {
        throw new DuplicateCommandError(
          `Command "${handle.id}" is provided by both ${owner.source} and ${source}: exclude one of them`,
        );
      }
    }
    for (const old of this.bySource.get(source) ?? []) this.byId.delete(old.id);
    const seen = new Set<string>();
    for (const handle of handles) {
      if (seen.has(handle.id)) throw new DuplicateCommandError(`Command "${handle.id}" appears twice in ${source}`);
      seen.add(handle.id);
      this.byId.set(handle.id, { handle, source });
    }
    this.bySource.set(source, [...handles]);
    this.json = null;
    this.bytes = null;
  }

  /** Add a connector's triggers. Throws on a name another connector already provides. */
  addTriggers(connector: string, triggers: readonly Trigger[]): void {
    for (const trigger of triggers) {
      const owner = this.triggers.get(trigger.name);
      if (owner) {
        throw new DuplicateCommandError(
          `Trigger "${trigger.name}" is provided by both connector "${owner.connector}" and connector "${connector}": exclude one of them`,
        );
      }
      this.triggers.set(trigger.name, { trigger, connector });
    }
  }

  /** Wrap every handle with `decorator`: those served now, and those a source sets later (a remote refresh). */
  decorate(decorator: HandleDecorator): void {
    const previous = this.decorator;
    this.decorator = previous ? (handle) => decorator(previous(handle)) : decorator;
    for (const [source, handles] of this.bySource) {
      const decorated = handles.map(decorator);
      this.bySource.set(source, decorated);
      for (const handle of decorated) this.byId.set(handle.id, { handle, source });
    }
  }

  get(id: string): CommandHandle | undefined {
    return this.byId.get(id)?.handle;
  }

  /** Every handle, sorted by id. */
  list(): CommandHandle[] {
    return [...this.byId.values()]
      .map((entry) => entry.handle)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The `/v1/commands` answer: Spiff's `{id, parameters}` plus description, schema, errors and hosting. */
  toJSON(): string {
    this.json ??= JSON.stringify(
      this.list().map((handle) => ({
        id: handle.id,
        parameters: handle.parameters,
        description: handle.description,
        schema: handle.inputSchema,
        errors: handle.errors,
        "x-hosting": handle.hosting,
        ...(handle.longRunning ? { long_running: true } : {}),
        ...(handle.examples?.length ? { examples: handle.examples } : {}),
      })),
    );
    return this.json;
  }

  /** `toJSON()` as UTF-8, encoded once: an answer that is not re-encoded (and re-measured) per request. */
  toBytes(): Uint8Array<ArrayBuffer> {
    this.bytes ??= new TextEncoder().encode(this.toJSON());
    return this.bytes;
  }
}
