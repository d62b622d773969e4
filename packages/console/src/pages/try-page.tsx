/**
 * Page 2, Try it: run a command from its parameters form and read the answer beside it.
 */
import { CallResult } from "../call-result";
import { useCalls } from "../calls";
import { CommandForm } from "../command-form";
import { useCatalogue } from "../queries";
import { hrefOf, navigate } from "../use-route";

export function TryPage({ selected }: { selected: string }) {
  const catalogue = useCatalogue();
  const calls = useCalls();
  const entries = catalogue.data ?? [];
  const entry = entries.find((candidate) => candidate.id === selected);
  const record = calls.records[selected];
  return (
    <div className="split">
      <aside>
        <label>
          Command
          <select value={selected} onChange={(event) => navigate("try", event.target.value)}>
            <option value="">Choose a command…</option>
            {entries.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.id}
              </option>
            ))}
          </select>
        </label>
        {entry ? (
          <>
            <p>
              {entry.description} <a href={hrefOf("catalogue", entry.id)}>In the catalogue</a>
            </p>
            <CommandForm
              command={entry}
              values={calls.drafts[entry.id] ?? {}}
              onChange={(values) => calls.setDraft(entry.id, values)}
              onSubmit={(values) => void calls.run(entry.id, values)}
              busy={record?.running}
              submitLabel="Run"
            />
          </>
        ) : null}
      </aside>
      <section>
        <h2>Answer</h2>
        {entry && record ? <CallResult entry={entry} record={record} /> : <p>Run a command to see its answer here.</p>}
      </section>
    </div>
  );
}
