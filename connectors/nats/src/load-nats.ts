/** nats.js, imported on first use rather than at start-up (a proxy that never calls NATS never loads it). */
import { lazy } from "@connector-proxy/sdk";

export const loadNats = lazy(() => import("nats"));
