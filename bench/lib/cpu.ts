// CPU time actually used, by this process and by the PostgreSQL server: on a shared machine the
// wall-clock time depends on the neighbours, the CPU seconds much less.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const TICK = 100; // USER_HZ on Linux

export function statOf(pid: number): { ppid: number; self: number; children: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // fields[0] = state (field 3); utime = field 14 → index 11
    return {
      ppid: Number(fields[1]),
      self: (Number(fields[11]) + Number(fields[12])) / TICK,
      children: (Number(fields[13]) + Number(fields[14])) / TICK,
    };
  } catch {
    return null;
  }
}

/** CPU seconds of the server whose data directory is `pgdata` (postmaster, its live and reaped children). */
export function postgresCpuSeconds(pgdata: string | null): number | null {
  if (!pgdata) return null;
  const pidFile = path.join(pgdata, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const root = statOf(postmaster);
  if (!root) return null;
  let total = root.self + root.children;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = statOf(Number(entry));
    if (s && s.ppid === postmaster) total += s.self;
  }
  return total;
}

export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds of both sides over fn. */
export async function withCpu<T>(
  pgdata: string | null,
  fn: () => Promise<T>,
): Promise<{ value: T; node: number; postgres: number | null; wallMs: number }> {
  const n0 = processCpuSeconds();
  const p0 = postgresCpuSeconds(pgdata);
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const p1 = postgresCpuSeconds(pgdata);
  return { value, node: processCpuSeconds() - n0, postgres: p0 === null || p1 === null ? null : p1 - p0, wallMs };
}

/** CPU seconds a process has used so far (its own, not its children's). */
export function pidCpuSeconds(pid: number): number | null {
  return statOf(pid)?.self ?? null;
}
