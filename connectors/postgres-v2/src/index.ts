/**
 * The postgres_v2 connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "postgres_v2", description: "The postgres_v2 connector", commands: [] });
