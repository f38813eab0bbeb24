// A V8 CPU profile of this process while a piece of work runs: for the benchmarks, to show where
// a figure's Node time goes (POST /bench/profile, bench/sweep.ts).
import { Session, type Profiler } from "node:inspector/promises";

/** fn's value and the profile taken while it ran; 1 ms, V8's default interval: a few per cent of overhead. */
export async function withCpuProfile<T>(fn: () => Promise<T>): Promise<{ value: T; profile: Profiler.Profile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 1000 });
    await session.post("Profiler.start");
    const value = await fn();
    const { profile } = await session.post("Profiler.stop");
    return { value, profile };
  } finally {
    session.disconnect();
  }
}
