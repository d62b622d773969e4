/** The console's entry: React, the query cache (a 401 is never retried), the page frame. */
import "@picocss/pico/css/pico.min.css";
import "./style.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiError } from "./api";
import { App } from "./app";
import { CallsProvider } from "./calls";

const client = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <CallsProvider>
          <App />
        </CallsProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
