/**
 * The mqtt connector: publish to MQTT brokers (Mosquitto, EMQX, HiveMQ...) with
 * acknowledgement. Clients are cached per broker and reused across calls.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { closeMqttClients } from "./connections.js";
import { publish } from "./publish.js";
import { mqttSettingsSchema } from "./settings.js";
import { subscribeTrigger } from "./subscribe-trigger.js";

export default defineConnector({
  name: "mqtt",
  description: "Publishes messages to MQTT brokers and waits for their acknowledgement",
  config: mqttSettingsSchema,
  close: closeMqttClients,
  commands: [publish],
  triggers: [subscribeTrigger],
});
