/** undici, imported on the first request rather than at start-up (a proxy that never calls http never loads it). */
import { lazy } from "@connector-proxy/sdk";

export const loadUndici = lazy(() => import("undici"));
