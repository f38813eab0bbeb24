// Actions take "now" from the system clock (a late action breaches what it finishes late), so a
// test that tells a story in the past sets the clock for the actions of that story. Only Date is
// faked: timers, sockets and the database run as usual.
import { vi } from "vitest";

/** Runs `fn` with the system clock standing at `at`, then restores it. */
export async function atTime<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: at });
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}
