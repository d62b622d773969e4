/**
 * @connector-proxy/proxy: build a connector proxy and serve it. Runtime-neutral;
 * the Node listener is under the `./node` subpath.
 */
export { Catalogue } from "./catalogue/catalogue.js";
export { StartupError } from "./catalogue/load-connector.js";
export { configSchema, type ProxyConfig } from "./config/config-schema.js";
export { ConfigError, type LoadedConfig, loadConfig, parseConfig } from "./config/load-config.js";
export type { CommandHandle, Hosting, Invocation } from "./hosting/command-handle.js";
export { API_KEY_HEADER } from "./http/api-key.js";
export { bufferedLogDestination } from "./log/logger.js";
export { type ConnectorProxy, createProxy, type ProxyCore, type ProxyOptions } from "./proxy.js";
