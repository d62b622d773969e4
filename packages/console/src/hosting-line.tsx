/** How a connector is hosted, and for a child or an upstream whether it is up, with its restarts. */
import type { ConnectorStatus } from "./api-types";

const since = (iso: string) => new Date(iso).toLocaleTimeString();

export function StateBadge({ state }: { state: ConnectorStatus["state"] }) {
  return <mark className={`state state-${state}`}>{state}</mark>;
}

export function HostingLine({ status }: { status: ConnectorStatus | undefined }) {
  if (!status) return <span>hosting unknown</span>;
  if (status.hosting === "inline") return <span>inline (in the proxy process)</span>;
  if (status.hosting === "process") {
    return (
      <span className="hosting-line">
        process <StateBadge state={status.state} /> pid {status.pid ?? "—"} · restarts{" "}
        <strong data-testid={`restarts-${status.name}`}>{status.restarts ?? 0}</strong>
        {status.last_exit ? ` · last exit ${since(status.last_exit.at)}: ${status.last_exit.reason}` : ""}
      </span>
    );
  }
  return (
    <span className="hosting-line">
      remote <StateBadge state={status.state} /> {status.url}
      {status.checked_at ? ` · checked ${since(status.checked_at)}` : ""}
    </span>
  );
}
