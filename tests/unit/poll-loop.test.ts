import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { logger } from "../../app/core/logger.server";
import { startPollLoop, type PollLoop } from "../../app/core/jobs/poll-loop";

const loops: PollLoop[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  const stopped = Promise.all(loops.splice(0).map((l) => l.stop()));
  await vi.runOnlyPendingTimersAsync();
  await stopped;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

// Fake time: the loop's waits pass at once, exactly as long as asked.
const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe("poll loop", () => {
  it("runs again at once while a round reports more work, then waits the interval", async () => {
    let left = 5;
    const rounds: number[] = [];
    loops.push(
      startPollLoop({
        name: "test",
        intervalMs: 10_000,
        run: async () => {
          rounds.push(left);
          if (left > 0) left--;
          return left > 0;
        },
      }),
    );
    await tick(50);
    // five rounds drained the work; the sixth… does not happen before the interval
    expect(rounds).toEqual([5, 4, 3, 2, 1]);
  });

  it("waits only until the moment a round names (the next deadline), never longer than the interval", async () => {
    const at: number[] = [];
    const t0 = Date.now();
    loops.push(
      startPollLoop({
        name: "test",
        intervalMs: 10_000,
        // The deadline watch: nothing due now, the earliest clock falls due in 80 ms.
        run: async () => (at.push(Date.now() - t0), at.length === 1 ? { waitMs: 80 } : { waitMs: 60_000 }),
      }),
    );
    await tick(400);
    expect(at).toHaveLength(2);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(75);
    expect(at[1] - at[0]).toBeLessThan(350);
  });

  it("wake() starts a round without waiting for the interval", async () => {
    let rounds = 0;
    const loop = startPollLoop({ name: "test", intervalMs: 10_000, run: async () => (rounds++, false) });
    loops.push(loop);
    await tick(20);
    expect(rounds).toBe(1);
    loop.wake();
    await tick(20);
    expect(rounds).toBe(2);
  });

  it("keeps going after a failed round, waiting longer after each failure in a row", async () => {
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => {});
    const at: number[] = [];
    const t0 = Date.now();
    loops.push(
      startPollLoop({
        name: "test",
        intervalMs: 10_000,
        backoffMs: 20,
        run: async () => {
          at.push(Date.now() - t0);
          if (at.length <= 3) throw new Error("database away");
          return false;
        },
      }),
    );
    await tick(300);
    expect(at.length).toBe(4);
    // waits of 20, 40 and 80 ms after the three failures
    expect([at[1] - at[0], at[2] - at[1], at[3] - at[2]]).toEqual([20, 40, 80]);
    expect(logged).toHaveBeenCalledTimes(3);
  });

  it("stop() waits for the round in progress and ends the loop", async () => {
    let finished = false;
    let rounds = 0;
    const loop = startPollLoop({
      name: "test",
      intervalMs: 5,
      run: async () => {
        rounds++;
        await tick(50);
        finished = true;
        return true;
      },
    });
    await tick(10);
    const stopped = loop.stop();
    await tick(50);
    await stopped;
    expect(finished).toBe(true);
    const after = rounds;
    await tick(30);
    expect(rounds).toBe(after);
  });
});
