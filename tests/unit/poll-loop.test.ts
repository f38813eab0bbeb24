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
    // five rounds drained the work; the sixth comes exactly one interval later
    expect(rounds).toEqual([5, 4, 3, 2, 1]);
    await tick(10_000 - 50 - 1);
    expect(rounds).toHaveLength(5);
    await tick(1);
    expect(rounds).toEqual([5, 4, 3, 2, 1, 0]);
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
    await tick(80 + 10_000);
    // 80 ms as named; then a minute is named, but the interval (10 s) is the longest wait
    expect(at).toEqual([0, 80, 10_080]);
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

  it("wake() during a round runs the next one as soon as it ends", async () => {
    let rounds = 0;
    let release = () => {};
    const loop = startPollLoop({
      name: "test",
      intervalMs: 10_000,
      run: async () => {
        rounds++;
        if (rounds === 1) await new Promise<void>((r) => (release = r));
        return false;
      },
    });
    loops.push(loop);
    await tick(20);
    loop.wake();
    release();
    await tick(20);
    expect(rounds).toBe(2);
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
    let rounds = 0;
    let finished = false;
    let release = () => {};
    const loop = startPollLoop({
      name: "test",
      intervalMs: 5,
      run: async () => {
        rounds++;
        await new Promise<void>((r) => (release = r));
        finished = true;
        return true;
      },
    });
    await tick(0);
    expect(rounds).toBe(1);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await tick(50);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    // The round asked for more, but the loop has ended.
    await tick(50);
    expect(rounds).toBe(1);
  });

  it("stop() during the wait between rounds ends the loop without waiting out the interval", async () => {
    let rounds = 0;
    const loop = startPollLoop({ name: "test", intervalMs: 10_000, run: async () => (rounds++, false) });
    await tick(20);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await tick(0);
    expect(stopped).toBe(true);
    await stopping;
    await tick(10_000);
    expect(rounds).toBe(1);
  });
});
