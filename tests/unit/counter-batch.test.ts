import { describe, expect, it } from "vitest";
import { CounterBatcher } from "~/lib/counter-batch";

/** A counter "in the database": each statement adds n after a delay and returns the new value. */
function fakeCounter() {
  let value = 0;
  const statements: number[] = [];
  let fail = false;
  const increment = async (n: number) => {
    statements.push(n);
    await new Promise((r) => setTimeout(r, 5));
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
    const values = await Promise.all(Array.from({ length: 10 }, () => batcher.take("k", counter.increment)));
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(counter.statements).toEqual([1, 9]);
    expect(await batcher.take("k", counter.increment)).toBe(11);
    expect(counter.statements).toEqual([1, 9, 1]);
  });

  it("keeps counters apart", async () => {
    const a = fakeCounter();
    const b = fakeCounter();
    const batcher = new CounterBatcher();
    const values = await Promise.all([batcher.take("a", a.increment), batcher.take("b", b.increment), batcher.take("a", a.increment)]);
    expect(values).toEqual([1, 1, 2]);
  });

  it("rejects the callers of a failed statement only; the next batch goes on", async () => {
    const counter = fakeCounter();
    const batcher = new CounterBatcher();
    counter.failNext();
    const first = batcher.take("k", counter.increment);
    const later = [batcher.take("k", counter.increment), batcher.take("k", counter.increment)];
    await expect(first).rejects.toThrow("statement failed");
    expect(await Promise.all(later)).toEqual([1, 2]);
  });
});
