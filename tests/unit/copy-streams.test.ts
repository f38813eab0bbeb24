// The seed splits its largest tables over several COPY streams by ticket: every stream must get
// its share of tickets, whatever the tickets' times (their ids are time-ordered), and a ticket's
// rows must always go to the same stream.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uuidV7 } from "../../app/lib/uuid-v7";
import { streamOf } from "../../bench/lib/copy";

describe("streamOf", () => {
  it("spreads tickets made within any stretch of time evenly over the streams", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 44 }),
        fc.integer({ min: 1, max: 400 * 86_400_000 }),
        fc.integer({ min: 2, max: 5 }),
        (start, span, streams) => {
          const counts = new Array<number>(streams).fill(0);
          const n = 3_000;
          for (let i = 0; i < n; i++) counts[streamOf(uuidV7(start + Math.floor((span * i) / n)), streams)]++;
          // Each stream within 20 % of its fair share (3,000 ids: the binomial spread is about 3 %).
          for (const c of counts) expect(Math.abs(c - n / streams)).toBeLessThan((0.2 * n) / streams);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("sends one id to one stream, and one stream gets everything", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 5 }), (id, streams) => {
        const s = streamOf(id, streams);
        expect(s).toBe(streamOf(id, streams));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThan(streams);
        if (streams === 1) expect(s).toBe(0);
      }),
    );
  });
});

describe("streamOf's digits", () => {
  it("reads the id's last two hex digits as a number, in either case", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 2, max: 7 }), (id, streams) => {
        const expected = parseInt(id.slice(-2), 16) % streams;
        expect(streamOf(id, streams)).toBe(expected);
        expect(streamOf(id.toUpperCase(), streams)).toBe(expected);
      }),
    );
  });
});
