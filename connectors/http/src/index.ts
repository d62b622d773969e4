/**
 * The http connector: `http/GetRequest` ... `http/DeleteRequestV2` over undici, with
 * shared keep-alive pools, redirects, forward-proxy support, a response size limit,
 * retries, and an egress policy checked on the resolved address of every connection.
 * The default export uses the system resolver; `createHttpConnector` injects another.
 */
import { createHttpConnector } from "./create-http-connector.js";

export { ANCHORS, type Anchor, type HttpMethod } from "./anchors.js";
export { createHttpConnector, type HttpConnector, type HttpConnectorOptions } from "./create-http-connector.js";
export {
  createEgressPolicy,
  type EgressDenial,
  type EgressPolicy,
  METADATA_CIDRS,
  METADATA_HOSTS,
} from "./egress/egress-policy.js";
export { type Resolve, type ResolvedAddress, systemResolve } from "./egress/resolver.js";
export { HTTP_ERRORS } from "./error-codes.js";
export { type EgressSettings, egressSettingsSchema, type HttpSettings, httpSettingsSchema } from "./settings.js";

export default createHttpConnector();
