import { describe, expect, it } from "vitest";
import { Batcher } from "~/lib/batcher";

describe("Batcher", () => {
  it("writes a lone caller at once, those that come meanwhile in one write, each with its own answer", async () => {
    const writes: string[][] = [];
    const batcher = new Batcher<string, string>(async (items) => {
      writes.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((s) => s.toUpperCase());
    });
    const answers = await Promise.all(["a", "b", "c", "d"].map((s) => batcher.take(s)));
    expect(answers).toEqual(["A", "B", "C", "D"]);
    expect(writes).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("a failed write rejects its own callers only, and the next batch still goes", async () => {
    let fail = true;
    const batcher = new Batcher<number, number>(async (items) => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) {
        fail = false;
        throw new Error("write failed");
      }
      return items.map((n) => n * 2);
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.take(n)));
    expect(results[0]).toMatchObject({ status: "rejected" });
    expect(results.slice(1)).toEqual([
      { status: "fulfilled", value: 4 },
      { status: "fulfilled", value: 6 },
    ]);
  });

  it("tells when it is idle again", async () => {
    let idle = 0;
    const batcher = new Batcher<number, number>(async (items) => items, () => idle++);
    await Promise.all([batcher.take(1), batcher.take(2)]);
    expect(idle).toBe(1);
    await batcher.take(3);
    expect(idle).toBe(2);
  });
});
