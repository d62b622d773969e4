/**
 * The sql connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "sql", description: "The sql connector", commands: [] });
