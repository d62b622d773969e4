/**
 * The AWS Lambda adapter: the same app behind a Lambda Function URL or an API Gateway
 * HTTP API (payload v2; v1 and ALB events work too), through Hono's Lambda adapter.
 * Connectors run inline; the proxy is built once per execution environment.
 *
 * Lambda configuration: handler `node_modules/@connector-proxy/proxy/dist/adapters/lambda.handler`,
 * or import `handler` from `@connector-proxy/proxy/lambda` in your own entry file.
 */
import { type APIGatewayProxyResult, handle, type LambdaContext, type LambdaEvent } from "hono/aws-lambda";
import { type ConnectorProxy, createProxy, type ProxyOptions } from "../proxy.js";

export type LambdaHandler = (event: LambdaEvent, context: LambdaContext) => Promise<APIGatewayProxyResult>;

export interface LambdaEntry {
  handler: LambdaHandler;
  /** The proxy, built on first use (cold start). */
  proxy(): Promise<ConnectorProxy>;
}

/** A Lambda handler serving a proxy built from `options` (default: environment and config file) on first invocation. */
export function createLambdaHandler(options: ProxyOptions = {}): LambdaEntry {
  let building: Promise<ConnectorProxy> | undefined;
  const proxy = () => {
    building ??= createProxy(options).catch((error: unknown) => {
      building = undefined; // the next invocation tries again
      throw error;
    });
    return building;
  };
  let handled: LambdaHandler | undefined;
  return {
    proxy,
    async handler(event, context) {
      if (!handled) handled = handle((await proxy()).app) as LambdaHandler;
      return handled(event, context);
    },
  };
}

/** The default entry point: configuration from the environment (CONNECTOR_PROXY_CONFIG, CONNECTOR_PROXY_API_KEY...). */
export const { handler } = createLambdaHandler();
