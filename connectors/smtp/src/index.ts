/**
 * The smtp connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "smtp", description: "The smtp connector", commands: [] });
