/**
 * The http connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "http", description: "The http connector", commands: [] });
