/**
 * The answer of one run: outer HTTP status, the command's own status (command_response.http_status),
 * its error, duration, body and logs, the whole envelope, and the call to copy as curl or as
 * service-task parameters.
 */
import { useState } from "react";
import { apiKey } from "./api";
import type { CatalogueEntry } from "./api-types";
import type { CallRecord } from "./calls";
import { asCurl, asServiceTask, withoutDefaults } from "./copy-call";

interface Envelope {
  command_response?: { body?: unknown; http_status?: number; mimetype?: string };
  error?: { error_code?: string; message?: string } | null;
  spiff__logs?: string[];
}

const pretty = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

function CopyBlock({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <details>
      <summary>{label}</summary>
      <pre>
        <code>{text}</code>
      </pre>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied("Copied"),
            () => setCopied("The browser refused the clipboard: select the text above"),
          )
        }
      >
        Copy
      </button>{" "}
      <small role="status">{copied}</small>
    </details>
  );
}

export function CallResult({ entry, record }: { entry: CatalogueEntry; record: CallRecord }) {
  const keyed = apiKey.get() !== null;
  const params = withoutDefaults(record.params, entry.schema);
  const copies = (
    <>
      <CopyBlock label="Copy as curl" text={asCurl(entry.id, params, keyed)} />
      <CopyBlock label="Copy as service-task parameters" text={asServiceTask(entry, params)} />
    </>
  );
  if (record.running) return <p aria-busy="true">Running {entry.id}…</p>;
  if (record.failure || !record.answer) {
    return (
      <>
        <p role="alert">The proxy could not be reached: {record.failure}</p>
        {copies}
      </>
    );
  }
  const { answer } = record;
  const envelope = (typeof answer.envelope === "object" && answer.envelope !== null ? answer.envelope : {}) as Envelope;
  const inner = envelope.command_response?.http_status;
  const error = envelope.error;
  return (
    <section aria-label="Answer" className="call-result">
      <dl className="figures">
        <div>
          <dt>HTTP status</dt>
          <dd data-testid="outer-status">{answer.status}</dd>
        </div>
        <div>
          <dt>command status</dt>
          <dd data-testid="inner-status">{inner ?? "—"}</dd>
        </div>
        <div>
          <dt>duration</dt>
          <dd data-testid="duration">{answer.durationMs} ms</dd>
        </div>
        <div>
          <dt>outcome</dt>
          <dd>
            {error ? (
              <mark className="state state-down">{error.error_code}</mark>
            ) : (
              <mark className="state state-up">ok</mark>
            )}
          </dd>
        </div>
      </dl>
      {error ? <p role="alert">{error.message}</p> : null}
      <h4>Body</h4>
      <pre data-testid="response-body">
        <code>{pretty(envelope.command_response?.body ?? answer.envelope)}</code>
      </pre>
      <h4>Logs</h4>
      {envelope.spiff__logs && envelope.spiff__logs.length > 0 ? (
        <ol className="logs">
          {envelope.spiff__logs.map((line, index) => (
            // lines may repeat: their position is their identity
            // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no id
            <li key={index}>{line}</li>
          ))}
        </ol>
      ) : (
        <p>No log lines.</p>
      )}
      <details>
        <summary>Envelope</summary>
        <pre>
          <code>{pretty(answer.envelope)}</code>
        </pre>
      </details>
      {copies}
    </section>
  );
}
