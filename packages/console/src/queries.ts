/**
 * The console's reads of the proxy, through TanStack Query: cached per page, refreshed on an
 * interval where the page shows live state (jobs, health), and refetched after an action.
 */
import { useQuery } from "@tanstack/react-query";
import { getJson } from "./api";
import type { CatalogueEntry, CommandRates, ConsoleStatus, InboundEvent, Job, JobPage, TriggerList } from "./api-types";

export const useCatalogue = () =>
  useQuery({ queryKey: ["commands"], queryFn: () => getJson<CatalogueEntry[]>("/v1/commands"), staleTime: 30_000 });

/** Whether the proxy wants a key and takes the one this tab holds (answers 200 either way). */
export const useSession = () =>
  useQuery({
    queryKey: ["session"],
    queryFn: () => getJson<{ key_required: boolean; authorized: boolean }>("/v1/console/session"),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useStatus = (live = true) =>
  useQuery({
    queryKey: ["status"],
    queryFn: () => getJson<ConsoleStatus>("/v1/console/status"),
    refetchInterval: live ? 2_000 : false,
  });

export const useRates = (minutes: number) =>
  useQuery({
    queryKey: ["rates", minutes],
    queryFn: () => getJson<CommandRates>(`/v1/console/metrics?minutes=${minutes}`),
    refetchInterval: 5_000,
  });

/** The newest jobs (up to 500) in one state, or in any state. */
export const useJobs = (status: string) =>
  useQuery({
    queryKey: ["jobs", status],
    queryFn: () => getJson<JobPage>(`/v1/jobs?limit=500${status ? `&status=${encodeURIComponent(status)}` : ""}`),
    refetchInterval: 2_000,
  });

export const useJob = (id: string) =>
  useQuery({
    queryKey: ["job", id],
    queryFn: () => getJson<Job>(`/v1/jobs/${encodeURIComponent(id)}`),
    enabled: id !== "",
    refetchInterval: 2_000,
  });

export const useTriggers = () =>
  useQuery({ queryKey: ["triggers"], queryFn: () => getJson<TriggerList>("/v1/triggers"), staleTime: 30_000 });

/** The newest inbound events (up to 500), by state and trigger. */
export const useEvents = (status: string, trigger: string) =>
  useQuery({
    queryKey: ["events", status, trigger],
    queryFn: () => {
      const query = new URLSearchParams({
        limit: "500",
        ...(status ? { status } : {}),
        ...(trigger ? { trigger } : {}),
      });
      return getJson<{ events: InboundEvent[] }>(`/v1/events?${query}`);
    },
    refetchInterval: 2_000,
  });

export const useEvent = (id: string) =>
  useQuery({
    queryKey: ["event", id],
    queryFn: () => getJson<InboundEvent>(`/v1/events/${encodeURIComponent(id)}`),
    enabled: id !== "",
    refetchInterval: 2_000,
  });
