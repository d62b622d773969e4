/**
 * The os connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "os", description: "The os connector", commands: [] });
