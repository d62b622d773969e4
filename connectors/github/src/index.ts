/**
 * The github connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "github", description: "The github connector", commands: [] });
