/**
 * The ftp connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "ftp", description: "The ftp connector", commands: [] });
