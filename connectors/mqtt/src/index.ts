/**
 * The mqtt connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "mqtt", description: "The mqtt connector", commands: [] });
