/**
 * The slack connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "slack", description: "The slack connector", commands: [] });
