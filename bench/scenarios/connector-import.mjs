/**
 * Cold import cost of the bundled connectors that have client libraries: milliseconds a fresh
 * Node process spends importing each connector after the SDK (which the proxy loads anyway),
 * median of 3 runs; CPU time is the headline (wall time on a shared machine is noisy). Their
 * client libraries (amqplib, basic-ftp, undici, MQTT.js, nats.js, ssh2, nodemailer, AWS SDK v3)
 * are imported on first call; the last row shows what importing the AWS SDK eagerly would cost instead.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const CONNECTORS = ["amqp", "aws", "ftp", "github", "http", "mqtt", "nats", "sftp", "slack", "smtp"];

async function importMs(specifiers) {
  const script = `await import("@connector-proxy/sdk");
const started = performance.now();
const cpu = process.cpuUsage();
for (const specifier of ${JSON.stringify(specifiers)}) await import(specifier);
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ wall: performance.now() - started, cpu: (used.user + used.system) / 1000 }));`;
  const samples = [];
  for (let index = 0; index < 3; index++) {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      timeout: 20_000,
    });
    samples.push(JSON.parse(stdout));
  }
  const median = (key) => Math.round(samples.map((sample) => sample[key]).sort((a, b) => a - b)[1] * 10) / 10;
  return { cpu: median("cpu"), wall: median("wall") };
}

export default async function connectorImport() {
  const rows = [];
  for (const name of CONNECTORS) {
    const { cpu, wall } = await importMs([`@connector-proxy/connector-${name}`]);
    rows.push({
      figure: `import @connector-proxy/connector-${name} (after the SDK)`,
      value: cpu,
      unit: `ms CPU (wall ${wall} ms)`,
      target: "< 50 ms CPU",
      pass: cpu < 50,
    });
  }
  const all = await importMs(CONNECTORS.map((name) => `@connector-proxy/connector-${name}`));
  rows.push({
    figure: `import all ${CONNECTORS.length} connectors (after the SDK)`,
    value: all.cpu,
    unit: `ms CPU (wall ${all.wall} ms)`,
  });
  const eager = await importMs(["@aws-sdk/client-s3", "@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"]);
  rows.push({
    figure: "AWS SDK v3 S3 + DynamoDB clients, if they were imported eagerly",
    value: eager.cpu,
    unit: `ms CPU (wall ${eager.wall} ms)`,
  });
  return rows;
}
