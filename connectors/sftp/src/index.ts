/**
 * The sftp connector (work in progress: no commands yet).
 */
import { defineConnector } from "@connector-proxy/sdk";

export default defineConnector({ name: "sftp", description: "The sftp connector", commands: [] });
