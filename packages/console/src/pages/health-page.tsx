/**
 * Page 4, Health: calls per second, error rate and latency per command over the last minutes
 * (from the proxy's own duration histogram), children and upstreams up or down with restarts,
 * and the OAuth handlers this proxy serves.
 */
import { useState } from "react";
import { StateBadge } from "../hosting-line";
import { useRates, useStatus } from "../queries";

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
        {status && status.auths.length > 0 ? (
          <ul>
            {status.auths.map((auth) => (
              <li key={auth.id}>
                <code>{auth.id}</code> {auth.description}
              </li>
            ))}
          </ul>
        ) : (
          <p>No OAuth handler is configured.</p>
        )}
        <p>
          <small>Arena keeps the token sets; the proxy holds none, so their expiry is Arena's to show.</small>
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
