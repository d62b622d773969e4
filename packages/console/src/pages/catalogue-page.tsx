/**
 * Page 1, the catalogue: every connector and command with a search over ids, descriptions and
 * parameter names; the selected command's description, hosting, declared errors and its
 * parameters as a form whose Run button opens the Try it page with the answer.
 */
import { useMemo, useState } from "react";
import type { CatalogueEntry, ConnectorStatus } from "../api-types";
import { useCalls } from "../calls";
import { CommandForm } from "../command-form";
import { HostingLine, StateBadge } from "../hosting-line";
import { useCatalogue, useStatus } from "../queries";
import { hrefOf, navigate } from "../use-route";

const connectorOf = (id: string) => id.slice(0, id.indexOf("/"));

function matches(entry: CatalogueEntry, words: string[]): boolean {
  const text = [entry.id, entry.description, ...entry.parameters.map((p) => p.id)].join(" ").toLowerCase();
  return words.every((word) => text.includes(word));
}

/** The status of the connector serving `id`. */
export function statusOf(id: string, connectors: readonly ConnectorStatus[] | undefined) {
  return connectors?.find((connector) => connector.commands.includes(id));
}

function CommandList({ entries, selected }: { entries: CatalogueEntry[]; selected: string }) {
  const status = useStatus().data;
  const groups = new Map<string, CatalogueEntry[]>();
  for (const entry of entries) groups.set(connectorOf(entry.id), [...(groups.get(connectorOf(entry.id)) ?? []), entry]);
  if (entries.length === 0) return <p>No command matches.</p>;
  return (
    <nav aria-label="Commands" className="command-list">
      {[...groups].map(([connector, commands]) => {
        const host = statusOf(commands[0]?.id ?? "", status?.connectors);
        return (
          <section key={connector}>
            <h3>
              {connector} <small>{commands[0]?.["x-hosting"]}</small>{" "}
              {host && host.hosting !== "inline" ? <StateBadge state={host.state} /> : null}
            </h3>
            <ul>
              {commands.map((entry) => (
                <li key={entry.id}>
                  <a href={hrefOf("catalogue", entry.id)} aria-current={entry.id === selected ? "page" : undefined}>
                    {entry.id}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}

function CommandDetail({ entry }: { entry: CatalogueEntry }) {
  const status = statusOf(entry.id, useStatus().data?.connectors);
  const calls = useCalls();
  return (
    <article aria-labelledby="command-title">
      <header>
        <h2 id="command-title">{entry.id}</h2>
        <p>{entry.description}</p>
        <p>
          <HostingLine status={status} />
          {entry.long_running ? <mark className="state">long-running (202 + callback)</mark> : null}
        </p>
      </header>
      <h3>Parameters</h3>
      <CommandForm
        command={entry}
        values={calls.drafts[entry.id] ?? {}}
        onChange={(values) => calls.setDraft(entry.id, values)}
        onSubmit={(values) => {
          void calls.run(entry.id, values);
          navigate("try", entry.id);
        }}
        submitLabel="Run"
      />
      <h3>Declared errors</h3>
      {entry.errors.length === 0 ? (
        <p>None declared.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">error_code</th>
              <th scope="col">meaning</th>
            </tr>
          </thead>
          <tbody>
            {entry.errors.map((error) => (
              <tr key={error.code}>
                <td>
                  <code>{error.code}</code>
                </td>
                <td>{error.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

export function CataloguePage({ selected }: { selected: string }) {
  const catalogue = useCatalogue();
  const [search, setSearch] = useState("");
  const entries = catalogue.data ?? [];
  const shown = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return entries.filter((entry) => matches(entry, words));
  }, [entries, search]);
  const entry = entries.find((candidate) => candidate.id === selected);
  if (catalogue.isError) return <p role="alert">Could not read the catalogue: {catalogue.error.message}</p>;
  return (
    <div className="split">
      <aside>
        <label>
          Search {entries.length} commands
          <input
            type="search"
            value={search}
            placeholder="id, description or parameter"
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && shown[0]) navigate("catalogue", shown[0].id);
            }}
          />
        </label>
        {catalogue.isPending ? <p aria-busy="true">Loading the catalogue…</p> : null}
        <CommandList entries={shown} selected={selected} />
      </aside>
      <section>{entry ? <CommandDetail entry={entry} /> : <p>Pick a command to see its parameters.</p>}</section>
    </div>
  );
}
