/**
 * The trigger catalogue (`GET /v1/triggers`): the triggers this deployment configures (their
 * source, where their events go, the webhook route) and the trigger kinds it could configure
 * (with the JSON Schema of their settings). Never shows settings values: they hold secrets.
 */
import type { WebhookRoute } from "../openapi/triggers-paths.js";
import type { ConfiguredTrigger, TriggerKind } from "./configure-triggers.js";
import { modifiedMessageName } from "./delivery-targets.js";
import type { SourceState } from "./source-runner.js";

export function describeTriggers(
  configured: readonly ConfiguredTrigger[],
  kinds: ReadonlyMap<string, TriggerKind>,
  stateOf: (id: string) => SourceState | undefined,
) {
  return {
    triggers: configured.map((trigger) => ({
      id: trigger.id,
      source: trigger.source,
      kind: trigger.kind.trigger.kind,
      connector: trigger.kind.connector,
      ...(trigger.options.message ? { message: modifiedMessageName(trigger.options.message) } : {}),
      ...(trigger.options.delivery ? { delivery: trigger.plan.target.label } : {}),
      ...(trigger.kind.trigger.kind === "webhook" ? { webhook: `/v1/hooks/${trigger.id}` } : {}),
      ...stateOf(trigger.id),
    })),
    kinds: [...kinds.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, { trigger, connector }]) => ({
        name,
        kind: trigger.kind,
        connector,
        description: trigger.description,
        settings: trigger.settingsSchema,
      })),
  };
}

/** How a webhook trigger's requests prove their origin, in words (never the secret). */
function verification(trigger: ConfiguredTrigger): string {
  const verify = (trigger.settings as { verify?: { type?: unknown; header?: unknown } } | null)?.verify;
  if (trigger.source !== "webhook" || typeof verify?.type !== "string") return `the "${trigger.source}" trigger`;
  const header = typeof verify.header === "string" ? ` in ${verify.header}` : "";
  return `${verify.type}${header}`;
}

/** The configured webhook triggers, as /openapi.json documents them. */
export function webhookRoutes(configured: readonly ConfiguredTrigger[]): WebhookRoute[] {
  return configured
    .filter((trigger) => trigger.kind.trigger.kind === "webhook")
    .map((trigger) => ({
      id: trigger.id,
      verification: verification(trigger),
      destination: trigger.plan.target.label,
    }));
}
