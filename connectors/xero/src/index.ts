/**
 * The xero connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "xero", description: "The xero connector", commands: [] });
