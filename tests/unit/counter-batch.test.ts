import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CounterBatcher } from "~/lib/counter-batch";

// Fake time: each statement takes 5 ms of it, so the test decides what arrives while one runs.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const STATEMENT_MS = 5;

/** A counter "in the database": each statement adds n after a delay and returns the new value. */
function fakeCounter() {
  let value = 0;
  const statements: number[] = [];
  let fail = false;
  const increment = async (n: number) => {
    statements.push(n);
    await new Promise((r) => setTimeout(r, STATEMENT_MS));
    if (fail) {
      fail = false;
      throw new Error("statement failed");
    }
    value += n;
    return value;
  };
  return { increment, statements, failNext: () => (fail = true) };
}

describe("CounterBatcher", () => {
  it("sends a lone caller at once and the callers that arrive meanwhile together, each with its own value", async () => {
    const counter = fakeCounter();
    const batcher = new CounterBatcher();
    const values = Promise.all(Array.from({ length: 10 }, () => batcher.take("k", counter.increment)));
    expect(counter.statements).toEqual([1]);
    await vi.advanceTimersByTimeAsync(STATEMENT_MS);
    expect(counter.statements).toEqual([1, 9]);
    await vi.advanceTimersByTimeAsync(STATEMENT_MS);
    expect(await values).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Idle again: the next caller goes alone and at once.
    const next = batcher.take("k", counter.increment);
    expect(counter.statements).toEqual([1, 9, 1]);
    await vi.advanceTimersByTimeAsync(STATEMENT_MS);
    expect(await next).toBe(11);
  });

  it("keeps counters apart", async () => {
    const a = fakeCounter();
    const b = fakeCounter();
    const batcher = new CounterBatcher();
    const values = Promise.all([batcher.take("a", a.increment), batcher.take("b", b.increment), batcher.take("a", a.increment)]);
    expect([a.statements, b.statements]).toEqual([[1], [1]]);
    await vi.advanceTimersByTimeAsync(2 * STATEMENT_MS);
    expect(await values).toEqual([1, 1, 2]);
    expect([a.statements, b.statements]).toEqual([[1, 1], [1]]);
  });

  it("rejects the callers of a failed statement only; the next batch goes on", async () => {
    const counter = fakeCounter();
    const batcher = new CounterBatcher();
    counter.failNext();
    const first = batcher.take("k", counter.increment);
    const failed = expect(first).rejects.toThrow("statement failed");
    const later = Promise.all([batcher.take("k", counter.increment), batcher.take("k", counter.increment)]);
    await vi.advanceTimersByTimeAsync(2 * STATEMENT_MS);
    await failed;
    expect(await later).toEqual([1, 2]);
    expect(counter.statements).toEqual([1, 2]);
  });
});
