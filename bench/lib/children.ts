// Child processes the benches start (the desk's web and worker processes): tracked by pid so that
// the runner ends exactly these, whatever happens.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

const children = new Set<ChildProcess>();

export type Started = { child: ChildProcess; output: () => string; waitFor: (pattern: RegExp, timeoutMs: number) => Promise<void> };

/** Starts `node --import tsx <script>` (one process: its pid is the desk's, not a wrapper's). */
export function startNode(script: string, env: Record<string, string>, label: string, nodeArgs: string[] = []): Started {
  // BENCH_CPU_PROFILE_DIR=<dir>: each child writes a V8 CPU profile there when it exits (to see
  // where a figure's Node time goes; not for the record, the profiler slows the process).
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, ...nodeArgs, "--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    for (const w of waiters) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  child.on("exit", () => {
    children.delete(child);
    for (const w of waiters) w();
  });
  return {
    child,
    output: () => out,
    waitFor: (pattern, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) return done(resolve);
          if (child.exitCode !== null) return done(() => reject(new Error(`${label} exited (${child.exitCode}):\n${out.slice(-3000)}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`${label} not ready after ${timeoutMs} ms:\n${out.slice(-3000)}`))),
          timeoutMs,
        );
        const done = (fn: () => void) => {
          clearTimeout(timer);
          const i = waiters.indexOf(check);
          if (i >= 0) waiters.splice(i, 1);
          fn();
        };
        waiters.push(check);
        check();
      }),
  };
}

/** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`; only processes this runner started. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function killChildren(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c, 10_000)));
}

/** Peak and current resident memory of a process (kB → MiB), from /proc/<pid>/status. */
export function memoryOf(pid: number): { hwmMiB: number; rssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN);
    return { hwmMiB: kb("VmHWM") / 1024, rssMiB: kb("VmRSS") / 1024 };
  } catch {
    return null;
  }
}
