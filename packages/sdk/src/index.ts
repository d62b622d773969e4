/**
 * @connector-proxy/sdk: the only dependency a connector author needs.
 * Define commands and connectors, throw typed errors, and read the Spiff wire types.
 */

export { z } from "zod";
export { type ContentEncoding, contentEncodingSchema, decodeContent } from "./binary-content.js";
export { BROKER_ERRORS, brokerSettingsFields, brokerUrl } from "./broker-settings.js";
export { CommandError, type CommandErrorOptions, isCommandError } from "./command-error.js";
export type { CommandExample, ExpectedAnswer, PublishedExample } from "./command-example.js";
export {
  type ConnectionCache,
  type ConnectionCacheSpec,
  createConnectionCache,
  unreachable,
} from "./connection-cache.js";
export type { CommandContext } from "./context.js";
export { type DataUrl, parseDataUrl } from "./data-url.js";
export {
  type Command,
  type CommandAnnotations,
  type CommandResult,
  type CommandSpec,
  type DeclaredError,
  defineCommand,
  type JsonSchema,
  type LegacyV1Result,
  type StartContext,
} from "./define-command.js";
export { type Connector, type ConnectorSpec, defineConnector, isConnector } from "./define-connector.js";
export {
  defineOAuth2Auth,
  type FromConfig,
  isOAuth2Auth,
  type OAuth2Auth,
  type OAuth2AuthSpec,
  type ResolvedOAuth2Auth,
} from "./define-oauth2-auth.js";
export {
  defineTrigger,
  eventBody,
  isTrigger,
  type PollContext,
  type PollResult,
  type SourceContext,
  type Subscription,
  type Trigger,
  type TriggerEventInput,
  type TriggerSpec,
  type WebhookRequest,
  type WebhookVerdict,
} from "./define-trigger.js";
export { PROXY_ERRORS, type ProxyErrorCode, proxyErrorOutcome } from "./error-codes.js";
export {
  chooseServer,
  defineFileTransferCommands,
  type FileTransferSpec,
  fileTooLarge,
  type RemoteEntry,
  type RemoteFiles,
  SERVER_CHOICE_ERRORS,
} from "./file-transfer.js";
export { lazy } from "./lazy-import.js";
export {
  OAUTH_ERRORS,
  type OAuthAccess,
  type OAuthOptions,
  type OAuthProvider,
  type OAuthTokenSet,
} from "./oauth-access.js";
export { errorOutcome, type Outcome, resultOutcome, thrownOutcome } from "./outcome.js";
export { type PickNamedOptions, pickNamed } from "./pick-named.js";
export { isSensitiveKey, REDACTED, redact, redactText, replaceSecrets, SHORTEST_SECRET } from "./redact.js";
export {
  checkParameters,
  invalidParametersMessage,
  type ParameterCheck,
  type RunOptions,
  runCommand,
} from "./run-command.js";
export { settingsOf } from "./settings-of.js";
export type { UnknownParameters, Validation } from "./validation.js";
export {
  type CommandResponse,
  type Envelope,
  type EnvelopeError,
  emptyReserved,
  RESERVED_PREFIX,
  type ReservedContext,
  type SpiffParameter,
  type SpiffType,
  splitReserved,
} from "./wire.js";
