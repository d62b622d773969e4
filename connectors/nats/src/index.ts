/**
 * The nats connector: publish and request/reply on NATS. Connections are cached per server
 * and reused across calls.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { closeNatsConnections } from "./connections.js";
import { publish } from "./publish.js";
import { request } from "./request.js";
import { natsSettingsSchema } from "./settings.js";
import { subscribeTrigger } from "./subscribe-trigger.js";

export default defineConnector({
  name: "nats",
  description: "Publishes messages and makes requests on NATS",
  config: natsSettingsSchema,
  close: closeNatsConnections,
  commands: [publish, request],
  triggers: [subscribeTrigger],
});
