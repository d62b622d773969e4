/**
 * The amqp connector: publish to RabbitMQ (or any AMQP 0-9-1 broker) with publisher confirms.
 * Connections are cached per broker and reused across calls.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { closeAmqpConnections } from "./connections.js";
import { publish } from "./publish.js";
import { amqpSettingsSchema } from "./settings.js";
import { subscribeTrigger } from "./subscribe-trigger.js";

export default defineConnector({
  name: "amqp",
  description: "Publishes messages to AMQP 0-9-1 brokers (RabbitMQ) with publisher confirms",
  config: amqpSettingsSchema,
  close: closeAmqpConnections,
  commands: [publish],
  triggers: [subscribeTrigger],
});
