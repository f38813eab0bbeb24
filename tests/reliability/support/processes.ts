// Real desk processes for the fault tests: `server/worker.ts` run by tsx against a test database,
// killed and restarted as a crash would.
import { spawn, type ChildProcess } from "node:child_process";
import PgBoss from "pg-boss";
import { waitFor as waitForProbe } from "../../support/wait";

export type WorkerProcess = {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the worker has registered its queues. */
  ready: Promise<void>;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
  exited: Promise<number | null>;
};

export function startWorker(databaseUrl: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: process.env.SESSION_SECRET ?? "test-secret-test-secret-test-secret",
      // Deliveries would need transports; these tests look at what is queued.
      SMTP_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let resolveReady: () => void;
  let rejectReady: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const onData = (d: Buffer) => {
    out += d.toString();
    if (/Job workers started/.test(out)) resolveReady();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  void exited.then((code) => rejectReady(new Error(`worker exited (${code}) before it was ready:\n${out}`)));
  return {
    child,
    output: () => out,
    ready,
    exited,
    kill: async (signal = "SIGKILL") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A pg-boss client that only sends jobs (no maintenance, no schedules, no workers). */
export async function jobSender(databaseUrl: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss", max: 2, supervise: false, schedule: false, migrate: false });
  boss.on("error", () => {});
  await boss.start();
  return boss;
}

/** waitFor with a longer default: these tests wait on child processes. */
export function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  return waitForProbe(what, probe, timeoutMs, everyMs);
}
