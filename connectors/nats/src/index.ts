/**
 * The nats connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "nats", description: "The nats connector", commands: [] });
