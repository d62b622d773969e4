/**
 * The console's frame: the API key gate, the navigation between the pages, and the page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiKey } from "./api";
import { KeyPrompt } from "./key-prompt";
import { CataloguePage } from "./pages/catalogue-page";
import { EventsPage } from "./pages/events-page";
import { HealthPage } from "./pages/health-page";
import { JobsPage } from "./pages/jobs-page";
import { TryPage } from "./pages/try-page";
import { useSession } from "./queries";
import { hrefOf, type Page, useRoute } from "./use-route";

const TITLES: Record<Page, string> = {
  catalogue: "Catalogue",
  try: "Try it",
  jobs: "Jobs",
  events: "Events",
  health: "Health",
};

export function App() {
  const route = useRoute();
  const client = useQueryClient();
  const session = useSession();
  const [triedKey, setTriedKey] = useState(false);
  const locked = session.data?.authorized === false;
  useEffect(() => {
    document.title = `${TITLES[route.page]} · connector-proxy console`;
  }, [route.page]);

  return (
    <>
      <header className="container-fluid">
        <nav>
          <ul>
            <li>
              <strong>connector-proxy</strong> console
            </li>
          </ul>
          <ul>
            {(Object.keys(TITLES) as Page[]).map((page) => (
              <li key={page}>
                <a href={hrefOf(page)} aria-current={route.page === page ? "page" : undefined}>
                  {TITLES[page]}
                </a>
              </li>
            ))}
            {apiKey.get() !== null ? (
              <li>
                <button
                  type="button"
                  className="outline secondary"
                  onClick={() => {
                    apiKey.clear();
                    setTriedKey(false);
                    client.clear();
                    void session.refetch();
                  }}
                >
                  Forget key
                </button>
              </li>
            ) : null}
          </ul>
        </nav>
      </header>
      <main className="container-fluid">
        {locked ? (
          <KeyPrompt
            wrong={triedKey && !session.isFetching}
            onKey={(key) => {
              apiKey.set(key);
              setTriedKey(true);
              void client.invalidateQueries();
            }}
          />
        ) : session.isError ? (
          <p role="alert">The proxy cannot be reached: {session.error.message}</p>
        ) : session.isPending ? (
          <p aria-busy="true">Connecting to the proxy…</p>
        ) : (
          <>
            {route.page === "catalogue" ? <CataloguePage selected={route.rest} /> : null}
            {route.page === "try" ? <TryPage selected={route.rest} /> : null}
            {route.page === "jobs" ? <JobsPage selected={route.rest} /> : null}
            {route.page === "events" ? <EventsPage selected={route.rest} /> : null}
            {route.page === "health" ? <HealthPage /> : null}
          </>
        )}
      </main>
    </>
  );
}
