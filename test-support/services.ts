/**
 * The servers the integration tests use, where they listen and how to start them (README,
 * "Services the tests use"; `.ci/run` starts any that is down). A test file that needs one calls
 * `beforeAll(() => requireServices("PostgreSQL"))`: with the server down it fails with one line
 * naming it and how to start it, instead of a connection stack trace.
 */
import { connect } from "node:net";

export const SERVICES = {
  PostgreSQL: { port: 5432, start: "pg_ctlcluster --skip-systemctl-redirect <version> main start" },
  MariaDB: { port: 3306, start: "start-stop-daemon --start --background --exec /usr/sbin/mariadbd" },
  Redis: { port: 6379, start: "redis-server --daemonize yes --port 6379" },
  RabbitMQ: { port: 5672, start: "rabbitmq-server -detached" },
  Mosquitto: { port: 1883, start: "mosquitto -d -c /etc/mosquitto/mosquitto.conf" },
  NATS: { port: 4222, start: "nats-server -a 127.0.0.1 -p 4222 -js" },
} as const;

export type ServiceName = keyof typeof SERVICES;

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port, timeout: 3000 });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}

export class ServiceDown extends Error {
  override name = "ServiceDown";
}

/** Resolve when every named server accepts connections; otherwise throw one line per server that does not. */
export async function requireServices(...names: ServiceName[]): Promise<void> {
  await requireReachable(names.map((name) => ({ name, ...SERVICES[name] })));
}

/** `requireServices` for any list of servers (its test points one at a closed port). */
export async function requireReachable(servers: readonly { name: string; port: number; start: string }[]) {
  const down: string[] = [];
  for (const { name, port, start } of servers) {
    if (!(await reachable(port)))
      down.push(`${name} is not running on 127.0.0.1:${port}: run .ci/run, or start it with \`${start}\``);
  }
  if (down.length === 0) return;
  const error = new ServiceDown(down.join("; "));
  error.stack = `${error.name}: ${error.message}`; // the line is the whole story: no stack trace
  throw error;
}
