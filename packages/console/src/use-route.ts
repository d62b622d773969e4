/**
 * The page shown, from the URL's hash (`#/catalogue/http/GetRequestV2`, `#/jobs`...): links and
 * the browser's back button move between pages without a reload, and a page can be bookmarked.
 */
import { useSyncExternalStore } from "react";

export const PAGES = ["catalogue", "try", "jobs", "events", "health"] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  /** What follows the page: a command id (catalogue, try), a job or an event id. */
  rest: string;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

export function parseRoute(hash: string): Route {
  const [first = "", ...rest] = decodeURIComponent(hash.replace(/^#\/?/, "")).split("/");
  const page = (PAGES as readonly string[]).includes(first) ? (first as Page) : "catalogue";
  return { page, rest: rest.join("/") };
}

/** The hash of a page (for `href`s). */
export const hrefOf = (page: Page, rest = "") => `#/${page}${rest ? `/${rest}` : ""}`;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(page: Page, rest = ""): void {
  window.location.hash = hrefOf(page, rest);
}
