/**
 * The oauth2 connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "oauth2", description: "The oauth2 connector", commands: [] });
