/**
 * Page 3, Jobs: the durable async jobs, filtered by state and command, refreshed every two
 * seconds; a job's details (attempts, last error, times) with Retry (a dead job) and Cancel
 * (a job not finished). Parameters and results are never shown: the API does not expose them.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { sendJson } from "../api";
import { JOB_STATES, type Job } from "../api-types";
import { useCatalogue, useJob, useJobs } from "../queries";
import { FieldList, FilterSelect, StateMark, time } from "../records";
import { hrefOf, navigate } from "../use-route";

const FINAL = new Set(["completed", "dead", "cancelled"]);

function JobActions({ job }: { job: Job }) {
  const client = useQueryClient();
  const action = useMutation({
    mutationFn: (kind: "retry" | "cancel") =>
      kind === "retry"
        ? sendJson<Job>("POST", `/v1/jobs/${encodeURIComponent(job.id)}/retry`)
        : sendJson<Job>("DELETE", `/v1/jobs/${encodeURIComponent(job.id)}`),
    onSettled: () =>
      client.invalidateQueries({ queryKey: ["job"] }).then(() => client.invalidateQueries({ queryKey: ["jobs"] })),
  });
  return (
    <p className="actions">
      <button type="button" disabled={job.status !== "dead" || action.isPending} onClick={() => action.mutate("retry")}>
        Retry
      </button>{" "}
      <button
        type="button"
        className="secondary"
        disabled={FINAL.has(job.status) || action.isPending}
        onClick={() => action.mutate("cancel")}
      >
        Cancel
      </button>{" "}
      {action.isError ? <span role="alert">{action.error.message}</span> : null}
    </p>
  );
}

function JobDetail({ id }: { id: string }) {
  const job = useJob(id);
  if (job.isError) return <p role="alert">{job.error.message}</p>;
  if (!job.data) return <p aria-busy="true">Loading job {id}…</p>;
  const data = job.data;
  const rows: Array<[string, string | number]> = [
    ["command", data.command],
    ["attempts", data.attempts],
    ["error code", data.error_code ?? "—"],
    ["reference", data.reference ?? "—"],
    ["created", time(data.created_at)],
    ["started", time(data.started_at)],
    ["updated", time(data.updated_at)],
    ["finished", time(data.finished_at)],
    ["next attempt", time(data.next_attempt_at)],
  ];
  return (
    <article aria-labelledby="job-title">
      <header>
        <h2 id="job-title">
          Job <code>{data.id}</code> <StateMark state={data.status} />
        </h2>
      </header>
      <FieldList rows={rows} />
      <h3>Last error</h3>
      <pre data-testid="last-error">
        <code>{data.last_error ?? "none"}</code>
      </pre>
      <JobActions job={data} />
    </article>
  );
}

export function JobsPage({ selected }: { selected: string }) {
  const [state, setState] = useState("");
  const [command, setCommand] = useState("");
  const jobs = useJobs(state);
  const commands = useCatalogue().data ?? [];
  const shown = (jobs.data?.jobs ?? []).filter((job) => command === "" || job.command === command);
  return (
    <div className="split">
      <aside>
        <fieldset className="grid">
          <FilterSelect label="State" value={state} options={JOB_STATES} onChange={setState} />
          <FilterSelect
            label="Command"
            value={command}
            options={commands.map((entry) => entry.id)}
            onChange={setCommand}
          />
        </fieldset>
        <p>
          <small aria-live="polite">
            {jobs.isError
              ? `Could not read jobs: ${jobs.error.message}`
              : `${shown.length} jobs · live, updated ${new Date(jobs.dataUpdatedAt || Date.now()).toLocaleTimeString()}`}
          </small>
        </p>
        <table className="records">
          <thead>
            <tr>
              <th scope="col">job</th>
              <th scope="col">command</th>
              <th scope="col">state</th>
              <th scope="col">attempts</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((job) => (
              <tr key={job.id} aria-selected={job.id === selected}>
                <td>
                  <a href={hrefOf("jobs", job.id)} title={job.id}>
                    {job.id.slice(0, 8)}
                  </a>
                </td>
                <td>{job.command}</td>
                <td>
                  <StateMark state={job.status} />
                </td>
                <td>{job.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </aside>
      <section>
        {selected ? (
          <JobDetail id={selected} />
        ) : (
          <p>
            Pick a job to see its attempts and last error.{" "}
            {shown[0] ? (
              <button type="button" className="outline" onClick={() => navigate("jobs", shown[0]?.id ?? "")}>
                Open the newest
              </button>
            ) : null}
          </p>
        )}
      </section>
    </div>
  );
}
