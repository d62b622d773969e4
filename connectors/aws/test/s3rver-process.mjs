// Runs s3rver in a child process started with --openssl-legacy-provider: s3rver encrypts
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers through that provider.
// Tells its parent the port over IPC, and stops when the parent disconnects.
import S3rver from "s3rver";

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  port: 0,
  address: "127.0.0.1",
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
const { port } = await server.run();
process.send?.({ port });
process.on("disconnect", () => {
  server.close().finally(() => process.exit(0));
});
