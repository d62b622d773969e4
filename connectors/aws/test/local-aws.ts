/**
 * Local AWS-compatible servers for the tests: s3rver (S3, in a child process, files in a temporary folder)
 * and dynalite (DynamoDB, in memory), each on a free loopback port.
 */
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import dynalite from "dynalite";

export interface LocalServer {
  endpoint: string;
  close(): Promise<void>;
}

/** Static test credentials: both servers accept any. */
export const TEST_CREDENTIALS = { access_key_id: "S3RVER", secret_access_key: "S3RVER", region: "us-east-1" };

export async function startS3(buckets: string[]): Promise<LocalServer> {
  const directory = await mkdtemp(join(tmpdir(), "connector-aws-s3-"));
  const child = fork(fileURLToPath(new URL("./s3rver-process.mjs", import.meta.url)), [directory, ...buckets], {
    execArgv: ["--openssl-legacy-provider"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.disconnect();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export async function startDynamo(): Promise<LocalServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
