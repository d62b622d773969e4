/**
 * Page 4, Health: calls per second, error rate and latency per command over the last minutes
 * (from the proxy's own duration histogram), children and upstreams up or down with restarts,
 * and the OAuth handlers this proxy serves.
 */
import { useState } from "react";
import type { AuthConnection } from "../api-types";
import { StateBadge } from "../hosting-line";
import { useRates, useStatus } from "../queries";
import { time } from "../records";

const WINDOWS = [1, 5, 15];
const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)} %`);
const millis = (value: number | null) => (value === null ? "—" : `${value} ms`);

function Rates() {
  const [minutes, setMinutes] = useState(5);
  const rates = useRates(minutes);
  const data = rates.data;
  return (
    <section aria-labelledby="rates-title">
      <h2 id="rates-title">Commands</h2>
      <label className="inline">
        Over the last{" "}
        <select value={minutes} onChange={(event) => setMinutes(Number(event.target.value))}>
          {WINDOWS.map((value) => (
            <option key={value} value={value}>
              {value} min
            </option>
          ))}
        </select>
      </label>
      {data ? (
        <small>
          {" "}
          since {new Date(data.since).toLocaleTimeString()} ({data.window_seconds} s)
        </small>
      ) : null}
      {rates.isError ? <p role="alert">{rates.error.message}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">command</th>
            <th scope="col">calls</th>
            <th scope="col">calls/s</th>
            <th scope="col">error rate</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">mean</th>
          </tr>
        </thead>
        <tbody>
          {(data?.commands ?? []).map((rate) => (
            <tr key={rate.command} data-testid={`rate-${rate.command}`}>
              <td>{rate.command}</td>
              <td>{rate.calls}</td>
              <td>{rate.calls_per_second}</td>
              <td>{percent(rate.error_rate)}</td>
              <td>{millis(rate.p50_ms)}</td>
              <td>{millis(rate.p95_ms)}</td>
              <td>{millis(rate.mean_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.commands.length === 0 ? <p>No command has run yet.</p> : null}
    </section>
  );
}

/** When an access token expires, relative to now. */
function expiry(iso: string | null): string {
  if (!iso) return "—";
  const minutes = Math.round((Date.parse(iso) - Date.now()) / 60_000);
  return minutes < 0 ? `expired ${-minutes} min ago` : `in ${minutes} min (${time(iso)})`;
}

function OAuthConnections({ auths }: { auths: readonly AuthConnection[] }) {
  if (auths.length === 0) return <p>No connector declares an OAuth handler.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">handler</th>
          <th scope="col">configured</th>
          <th scope="col">last used</th>
          <th scope="col">access token expires</th>
          <th scope="col">last refreshed</th>
          <th scope="col">last failure</th>
        </tr>
      </thead>
      <tbody>
        {auths.map((auth) => (
          <tr key={auth.id} data-testid={`auth-${auth.id}`}>
            <td title={auth.description}>
              <code>{auth.id}</code>
            </td>
            <td>{auth.configured ? "yes" : `no: set ${auth.missing.join(", ")}`}</td>
            <td>{time(auth.last_used_at)}</td>
            <td>{expiry(auth.expires_at)}</td>
            <td>{time(auth.last_refreshed_at)}</td>
            <td>{auth.last_failure ? `${auth.last_failure.error_code} at ${time(auth.last_failure.at)}` : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HealthPage() {
  const status = useStatus().data;
  return (
    <>
      <Rates />
      <section aria-labelledby="connectors-title">
        <h2 id="connectors-title">Connectors</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">connector</th>
              <th scope="col">hosting</th>
              <th scope="col">state</th>
              <th scope="col">commands</th>
              <th scope="col">pid</th>
              <th scope="col">restarts</th>
              <th scope="col">last exit / upstream</th>
            </tr>
          </thead>
          <tbody>
            {(status?.connectors ?? []).map((connector) => (
              <tr key={connector.name} data-testid={`connector-${connector.name}`}>
                <td>{connector.name}</td>
                <td>{connector.hosting}</td>
                <td>
                  <StateBadge state={connector.state} />
                </td>
                <td>{connector.commands.length}</td>
                <td>{connector.pid ?? "—"}</td>
                <td data-testid={`restarts-${connector.name}`}>{connector.restarts ?? "—"}</td>
                <td>
                  {connector.last_exit
                    ? `${new Date(connector.last_exit.at).toLocaleTimeString()}: ${connector.last_exit.reason}`
                    : (connector.url ?? "—")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="oauth-title">
        <h2 id="oauth-title">OAuth connections</h2>
        <OAuthConnections auths={status?.auths ?? []} />
        <p>
          <small>
            Arena keeps the token sets: the proxy shows what it saw when a command last used one (never a token).
          </small>
        </p>
      </section>
      <p>
        <small>
          Jobs are stored in {status?.jobs.store ?? "…"}; the proxy has run for {status?.uptime_seconds ?? "…"} s.
        </small>
      </p>
    </>
  );
}
