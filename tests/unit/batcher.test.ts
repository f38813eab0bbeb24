import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Batcher } from "~/lib/batcher";

// Fake time: each write takes 5 ms of it, so the test decides what arrives while one is in flight.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const WRITE_MS = 5;
const writing = () => new Promise((r) => setTimeout(r, WRITE_MS));

describe("Batcher", () => {
  it("writes a lone caller at once, those that come meanwhile in one write, each with its own answer", async () => {
    const writes: string[][] = [];
    const batcher = new Batcher<string, string>(async (items) => {
      writes.push(items);
      await writing();
      return items.map((s) => s.toUpperCase());
    });
    const answers = Promise.all(["a", "b", "c", "d"].map((s) => batcher.take(s)));
    // The first write is on its way; the other three wait for it.
    expect(writes).toEqual([["a"]]);
    await vi.advanceTimersByTimeAsync(WRITE_MS);
    expect(writes).toEqual([["a"], ["b", "c", "d"]]);
    // One arriving during the second write waits for it and goes in a third.
    const late = batcher.take("e");
    await vi.advanceTimersByTimeAsync(WRITE_MS - 1);
    expect(writes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([["a"], ["b", "c", "d"], ["e"]]);
    await vi.advanceTimersByTimeAsync(WRITE_MS);
    expect(await answers).toEqual(["A", "B", "C", "D"]);
    expect(await late).toBe("E");
  });

  it("a failed write rejects its own callers only, and the next batch still goes", async () => {
    let fail = true;
    const batcher = new Batcher<number, number>(async (items) => {
      await writing();
      if (fail) {
        fail = false;
        throw new Error("write failed");
      }
      return items.map((n) => n * 2);
    });
    const results = Promise.allSettled([1, 2, 3].map((n) => batcher.take(n)));
    await vi.advanceTimersByTimeAsync(2 * WRITE_MS);
    expect(await results).toEqual([
      { status: "rejected", reason: new Error("write failed") },
      { status: "fulfilled", value: 4 },
      { status: "fulfilled", value: 6 },
    ]);
  });

  it("tells when it is idle again", async () => {
    let idle = 0;
    const batcher = new Batcher<number, number>(
      async (items) => items,
      () => idle++,
    );
    await Promise.all([batcher.take(1), batcher.take(2)]);
    expect(idle).toBe(1);
    await batcher.take(3);
    expect(idle).toBe(2);
  });
});
