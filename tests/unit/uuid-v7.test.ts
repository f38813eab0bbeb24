import { describe, expect, it } from "vitest";
import { uuidV7, uuidV7Time } from "~/lib/uuid-v7";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("time-ordered ids (uuidV7)", () => {
  it("are RFC 9562 version 7 ids that carry the instant they were made for", () => {
    for (const ms of [0, 1, 65_535, 65_536, Date.UTC(2026, 11, 3, 9, 0, 0, 123), 2 ** 48 - 1]) {
      const id = uuidV7(ms);
      expect(id).toMatch(V7);
      expect(uuidV7Time(id)).toBe(ms);
    }
    const before = Date.now();
    const now = uuidV7Time(uuidV7())!;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("sort as text in the order of their instants, and differ within one millisecond", () => {
    const instants = Array.from({ length: 2_000 }, (_, i) => Date.UTC(2025, 0, 1) + i * 997 * 60_013);
    const ids = instants.map((ms) => uuidV7(ms));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 10_000 }, () => uuidV7(1_700_000_000_000)));
    expect(same.size).toBe(10_000);
  });

  it("refuse what is not an instant they can hold, and read no time from other versions", () => {
    for (const bad of [-1, 2 ** 48, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => uuidV7(bad)).toThrow(RangeError);
    expect(uuidV7Time("2f1c4a8e-9b3d-4c1e-8a2b-3c4d5e6f7a8b")).toBeNull();
    expect(uuidV7Time("not an id")).toBeNull();
  });
});
