/**
 * Events (inbound: webhooks, subscriptions, polling): stored events filtered by state and
 * trigger, refreshed every two seconds; an event's delivery to the engine (attempts, retries,
 * the engine's last status and error), its body with secrets masked, and Retry for a dead one.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { sendJson } from "../api";
import { EVENT_STATES, type InboundEvent } from "../api-types";
import { useEvent, useEvents, useTriggers } from "../queries";
import { FieldList, FilterSelect, StateMark, time } from "../records";
import { hrefOf } from "../use-route";

function EventDetail({ id }: { id: string }) {
  const event = useEvent(id);
  const client = useQueryClient();
  const retry = useMutation({
    mutationFn: () => sendJson<InboundEvent>("POST", `/v1/events/${encodeURIComponent(id)}/retry`),
    onSettled: () =>
      client.invalidateQueries({ queryKey: ["event"] }).then(() => client.invalidateQueries({ queryKey: ["events"] })),
  });
  if (event.isError) return <p role="alert">{event.error.message}</p>;
  if (!event.data) return <p aria-busy="true">Loading event {id}…</p>;
  const data = event.data;
  return (
    <article aria-labelledby="event-title">
      <header>
        <h2 id="event-title">
          Event <code>{data.id}</code> <StateMark state={data.status} />
        </h2>
      </header>
      <FieldList
        rows={[
          ["trigger", data.trigger],
          ["event id", data.event_id],
          ["attempts", data.attempts],
          ["retries", data.retries],
          ["engine's last status", data.last_status ?? "—"],
          ["message uuid", data.message_instance_uuid],
          ["received", time(data.created_at)],
          ["delivered", time(data.delivered_at)],
          ["next attempt", time(data.next_attempt_at)],
        ]}
      />
      <h3>Last error</h3>
      <pre data-testid="last-error">
        <code>{data.last_error ?? "none"}</code>
      </pre>
      <h3>Body</h3>
      <pre className="record-body">
        <code>{JSON.stringify(data.body, null, 2)}</code>
      </pre>
      <p className="actions">
        <button type="button" disabled={data.status !== "dead" || retry.isPending} onClick={() => retry.mutate()}>
          Retry
        </button>{" "}
        {retry.isError ? <span role="alert">{retry.error.message}</span> : null}
      </p>
    </article>
  );
}

export function EventsPage({ selected }: { selected: string }) {
  const [state, setState] = useState("");
  const [trigger, setTrigger] = useState("");
  const events = useEvents(state, trigger);
  const triggers = useTriggers().data?.triggers ?? [];
  const shown = events.data?.events ?? [];
  return (
    <div className="split">
      <aside>
        <fieldset className="grid">
          <FilterSelect label="State" value={state} options={EVENT_STATES} onChange={setState} />
          <FilterSelect
            label="Trigger"
            value={trigger}
            options={triggers.map((item) => item.id)}
            onChange={setTrigger}
          />
        </fieldset>
        <p>
          <small aria-live="polite">
            {events.isError
              ? `Could not read events: ${events.error.message}`
              : `${shown.length} events · live, updated ${new Date(events.dataUpdatedAt || Date.now()).toLocaleTimeString()}`}
          </small>
        </p>
        <table className="records">
          <thead>
            <tr>
              <th scope="col">event</th>
              <th scope="col">trigger</th>
              <th scope="col">state</th>
              <th scope="col">attempts</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => (
              <tr key={event.id} aria-selected={event.id === selected}>
                <td>
                  <a href={hrefOf("events", event.id)} title={event.id}>
                    {event.id.slice(0, 8)}
                  </a>
                </td>
                <td>{event.trigger}</td>
                <td>
                  <StateMark state={event.status} />
                </td>
                <td>{event.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </aside>
      <section>{selected ? <EventDetail id={selected} /> : <p>Pick an event to see its delivery.</p>}</section>
    </div>
  );
}
