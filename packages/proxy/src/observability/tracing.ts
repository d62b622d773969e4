/**
 * Trace propagation for command calls. Off (the default): derive the child `traceparent`
 * from the caller's, nothing else. With an OTLP endpoint: an OpenTelemetry span per call,
 * exported over OTLP/HTTP; the SDK is imported only then, so it costs nothing when off.
 */
import type { Outcome } from "@connector-proxy/sdk";
import { childTraceparent, parseTraceparent } from "./traceparent.js";

/** One call's trace: the header to pass on, and `end` once the outcome is known. */
export interface CommandSpan {
  readonly traceparent: string | undefined;
  end(outcome: Outcome): void;
}

export interface Tracing {
  startCommand(commandId: string, traceparent: string | undefined): CommandSpan;
  /** Flush pending spans and stop exporting. */
  close(): Promise<void>;
}

/** Propagation only: a new parent span id under the caller's trace. */
export const propagationOnly: Tracing = {
  startCommand: (_id, traceparent) => ({ traceparent: childTraceparent(traceparent), end() {} }),
  close: async () => {},
};

/** Where spans go: the config value, else the standard OpenTelemetry environment variables. */
export function otlpTracesUrl(configured: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (configured) return configured;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base ? `${base.replace(/\/+$/, "")}/v1/traces` : undefined;
}

/** Tracing for a proxy: OpenTelemetry spans exported to `url` when given, propagation only otherwise. */
export async function createTracing(url: string | undefined, serviceName: string): Promise<Tracing> {
  if (!url) return propagationOnly;
  const [api, base, exporter, resources] = await Promise.all([
    import("@opentelemetry/api"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
  ]);
  const provider = new base.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [new base.BatchSpanProcessor(new exporter.OTLPTraceExporter({ url }))],
  });
  const tracer = provider.getTracer("connector-proxy");
  return {
    startCommand(commandId, traceparent) {
      const parent = parseTraceparent(traceparent);
      const context = parent
        ? api.trace.setSpanContext(api.ROOT_CONTEXT, {
            traceId: parent.traceId,
            spanId: parent.parentId,
            traceFlags: Number.parseInt(parent.flags, 16),
            isRemote: true,
          })
        : api.ROOT_CONTEXT;
      const span = tracer.startSpan(
        `command ${commandId}`,
        { kind: api.SpanKind.SERVER, attributes: { "connector_proxy.command": commandId } },
        context,
      );
      const own = span.spanContext();
      return {
        traceparent: `00-${own.traceId}-${own.spanId}-${own.traceFlags.toString(16).padStart(2, "0")}`,
        end(outcome) {
          span.setAttribute("http.response.status_code", outcome.status);
          const error = outcome.envelope.error;
          if (error) {
            span.setAttribute("connector_proxy.error_code", error.error_code);
            span.setStatus({ code: api.SpanStatusCode.ERROR, message: error.message });
          }
          span.end();
        },
      };
    },
    close: () => provider.shutdown(),
  };
}
