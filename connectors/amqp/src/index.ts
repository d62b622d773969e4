/**
 * The amqp connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "amqp", description: "The amqp connector", commands: [] });
