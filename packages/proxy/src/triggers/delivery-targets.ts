/**
 * Where an event goes: an engine message (`POST {engine.api_url}/messages/{message}` with
 * Arena's query parameters and the engine credentials) or a generic HTTP endpoint. A target
 * turns an event and its mapped payload into one request.
 */
import type { EventRecord } from "../events/event-record.js";
import type { HttpDelivery, TriggerOptions } from "./trigger-config.js";

/** The part of the `engine` section deliveries need (structurally the proxy's Engine). */
export interface EngineTarget {
  /** Arena's API base URL without a trailing slash, or null when not configured. */
  readonly apiUrl: string | null;
  readonly credentials: {
    headers(): Promise<Record<string, string>>;
    /** Forget a cached token (the engine answered 401). */
    invalidate(): void;
  };
}

export interface DeliveryRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryTarget {
  /** For log lines and errors: `message "orders:order_created"`, `POST https://...`. */
  readonly label: string;
  request(event: EventRecord, payload: unknown): Promise<DeliveryRequest>;
  /** The destination refused the credentials. */
  unauthorized(): void;
}

/** Arena's `modified_message_name`: the BPMN message name with `/` written as `:`. */
export const modifiedMessageName = (message: string): string => message.replaceAll("/", ":");

export function engineMessageTarget(
  message: string,
  options: Pick<TriggerOptions, "time_to_live_in_seconds" | "execution_mode">,
  engine: EngineTarget & { readonly apiUrl: string },
): DeliveryTarget {
  const name = modifiedMessageName(message);
  const base = `${engine.apiUrl}/messages/${encodeURIComponent(name)}`;
  return {
    label: `message "${name}"`,
    async request(event, payload) {
      const url = new URL(base);
      url.searchParams.set("time_to_live_in_seconds", String(options.time_to_live_in_seconds));
      url.searchParams.set("message_instance_uuid", event.messageUuid);
      if (options.execution_mode) url.searchParams.set("execution_mode", options.execution_mode);
      return {
        url,
        method: "POST",
        headers: { ...(await engine.credentials.headers()), "content-type": "application/json" },
        body: JSON.stringify(payload ?? {}),
      };
    },
    unauthorized: () => engine.credentials.invalidate(),
  };
}

export function httpTarget(delivery: HttpDelivery): DeliveryTarget {
  const url = new URL(delivery.url);
  return {
    label: `${delivery.method} ${url.origin}${url.pathname}`,
    async request(event, payload) {
      return {
        url,
        method: delivery.method,
        headers: { ...delivery.headers, "content-type": "application/json", "idempotency-key": event.messageUuid },
        body: JSON.stringify(payload ?? {}),
      };
    },
    unauthorized() {},
  };
}
