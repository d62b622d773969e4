/**
 * The aws connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "aws", description: "The aws connector", commands: [] });
