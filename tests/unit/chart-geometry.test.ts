// The dashboard charts' geometry: scales, line paths, bars and stacks stay finite whatever the
// data (no "NaN" reaches an SVG attribute), and the trends never reach into weeks not yet begun.
import { describe, expect, it } from "vitest";
import { COMPLIANCE_TARGET } from "~/reports/aggregate";
import { barLengths, lineGeometry, linearScale, stackSegments, targetStatus, worstRow, type Box } from "~/reports/chart-geometry";
import { timeLeftBounds, trendPeriod, upToToday, weeksOf } from "~/reports/period";

const box: Box = { width: 320, height: 150, left: 40, right: 10, top: 12, bottom: 26 };
const finite = (xs: number[]) => xs.every((x) => Number.isFinite(x));
const numbersIn = (path: string) => (path.match(/-?[\d.]+|NaN|Infinity/g) ?? []).map(Number);

// A small deterministic generator: the same cases every run.
function* cases(seed: number, count: number) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < count; i++) {
    const len = Math.floor(next() * 15);
    yield Array.from({ length: len }, () => (next() < 0.25 ? null : next() < 0.1 ? 0 : next()));
  }
}

describe("linearScale", () => {
  it("maps the domain's ends onto the range's ends, linearly", () => {
    const y = linearScale([0, 1], [138, 12]);
    expect(y(0)).toBe(138);
    expect(y(1)).toBe(12);
    expect(y(0.5)).toBe(75);
  });
  it("stays finite for a domain of one value and for non-numbers", () => {
    const s = linearScale([0, 0], [0, 100]);
    expect(s(0)).toBe(0);
    expect(s(5)).toBe(0);
    expect(linearScale([0, 1], [0, 100])(Number.NaN)).toBe(0);
  });
});

describe("lineGeometry", () => {
  it("draws nothing, and no NaN, for no weeks or weeks without decisions", () => {
    for (const values of [[], [null], [null, null, null]]) {
      const g = lineGeometry(values, box);
      expect(g.path).toBe("");
      expect(finite(g.xs)).toBe(true);
      expect(g.points.every((p) => p === null)).toBe(true);
      expect(finite(g.yTicks.map((t) => t.y))).toBe(true);
    }
  });
  it("breaks the line where a week had nothing decided", () => {
    const g = lineGeometry([1, 0.5, null, 0.9], box);
    expect(g.path.match(/M/g)).toHaveLength(2);
    expect(g.path.match(/L/g)).toHaveLength(1);
    expect(g.points[2]).toBeNull();
  });
  it("keeps every point inside the plot, 100 % at the top and 0 % at the bottom, for any series", () => {
    for (const values of cases(7, 300)) {
      const g = lineGeometry(values, box);
      expect(finite(numbersIn(g.path))).toBe(true);
      for (const [i, p] of g.points.entries()) {
        if (values[i] === null) expect(p).toBeNull();
        else {
          expect(p!.y).toBeGreaterThanOrEqual(box.top);
          expect(p!.y).toBeLessThanOrEqual(box.height - box.bottom);
          expect(p!.x).toBeGreaterThan(box.left);
          expect(p!.x).toBeLessThan(box.width - box.right);
        }
      }
      // Slots are evenly spaced from left to right.
      for (let i = 1; i < g.xs.length; i++) expect(g.xs[i]).toBeGreaterThan(g.xs[i - 1]);
      expect(Number.isFinite(g.r) && g.r > 0).toBe(true);
    }
  });
  it("shrinks the markers when a year of weeks shares the width, so they do not overlap", () => {
    for (const weeks of [1, 12, 27, 53]) {
      const g = lineGeometry(
        Array.from({ length: weeks }, () => 0.9),
        box,
      );
      const gap = weeks > 1 ? g.xs[1] - g.xs[0] : Infinity;
      expect(g.r * 2).toBeLessThanOrEqual(Math.max(gap, 2.5));
    }
    const g = lineGeometry([1, 0], box);
    expect(g.points[0]!.y).toBe(box.top);
    expect(g.points[1]!.y).toBe(box.height - box.bottom);
  });
});

describe("bars and stacks", () => {
  it("scales bars to the largest count; zero stays zero and any count shows", () => {
    expect(barLengths([], 100)).toEqual([]);
    expect(barLengths([0, 0], 100)).toEqual([0, 0]);
    expect(barLengths([10, 5, 0], 100)).toEqual([100, 50, 0]);
    expect(barLengths([1, 100000], 100)[0]).toBeGreaterThanOrEqual(1);
    expect(barLengths([5], 100, 20)).toEqual([25]);
    expect(barLengths([Number.NaN, 3], 100)).toEqual([0, 100]);
  });
  it("stacks segments edge to edge over the whole width, or nothing when there is nothing", () => {
    expect(stackSegments([0, 0, 0], 600).every((s) => s.width === 0 && s.x === 0)).toBe(true);
    for (const values of cases(11, 200)) {
      const counts = values.map((v) => (v === null ? 0 : Math.round(v * 50)));
      const segs = stackSegments(counts, 600);
      const total = counts.reduce((a, b) => a + b, 0);
      expect(finite(segs.flatMap((s) => [s.x, s.width]))).toBe(true);
      const sum = segs.reduce((a, s) => a + s.width, 0);
      expect(Math.abs(sum - (total === 0 ? 0 : 600))).toBeLessThan(0.05 * Math.max(segs.length, 1));
      for (let i = 1; i < segs.length; i++) expect(Math.abs(segs[i].x - (segs[i - 1].x + segs[i - 1].width))).toBeLessThan(0.02);
    }
  });
});

describe("the headline's words", () => {
  it("says met at or above the target, below under it, none without decisions", () => {
    expect(targetStatus(COMPLIANCE_TARGET, COMPLIANCE_TARGET)).toBe("met");
    expect(targetStatus(1, 0.95)).toBe("met");
    expect(targetStatus(0.949, 0.95)).toBe("below");
    expect(targetStatus(null, 0.95)).toBe("none");
  });
  it("names the lowest rate below target; rows without decisions or at target are never named", () => {
    const rows = [
      { key: "web", met: 9, breached: 1 }, // 90 %
      { key: "phone", met: 1, breached: 1 }, // 50 %
      { key: "email", met: 0, breached: 0 }, // nothing decided
      { key: "fax", met: 20, breached: 0 }, // 100 %
    ];
    expect(worstRow(rows, 0.95)?.key).toBe("phone");
    expect(
      worstRow(
        [
          { key: "a", met: 1, breached: 1 },
          { key: "b", met: 2, breached: 2 },
        ],
        0.95,
      )?.key,
    ).toBe("b");
    expect(worstRow([{ key: "fax", met: 20, breached: 0 }], 0.95)).toBeNull();
    expect(worstRow([], 0.95)).toBeNull();
  });
});

describe("periods of the charts", () => {
  it("never includes a week that has not begun", () => {
    // This month seen on 2026-05-13 (a Wednesday): weeks up to the one of the 11th.
    const month = { from: "2026-05-01", to: "2026-05-31" };
    const cut = upToToday(trendPeriod(month), "2026-05-13")!;
    const weeks = weeksOf(cut);
    expect(weeks[weeks.length - 1]).toBe("2026-05-11");
    expect(weeks.every((w) => w <= "2026-05-13")).toBe(true);
    expect(cut.to).toBe("2026-05-13");
    // A past period is left whole; a period ahead has no weeks at all.
    expect(upToToday(month, "2026-06-02")).toEqual(month);
    expect(upToToday({ from: "2026-07-01", to: "2026-07-31" }, "2026-06-02")).toBeNull();
    for (let day = 1; day <= 31; day++) {
      const today = `2026-05-${String(day).padStart(2, "0")}`;
      for (const w of weeksOf(upToToday(trendPeriod(month), today)!)) expect(w <= today).toBe(true);
    }
  });
  it("puts the time-left boundaries in order, today and this week ending at KST midnight", () => {
    const now = new Date("2026-05-13T05:00:00Z"); // Wednesday 14:00 KST
    const b = timeLeftBounds(now, new Date("2026-05-13T06:00:00Z"));
    expect(b.endOfToday.toISOString()).toBe("2026-05-13T15:00:00.000Z"); // Thursday 00:00 KST
    expect(b.endOfWeek.toISOString()).toBe("2026-05-17T15:00:00.000Z"); // Monday 00:00 KST
    const sunday = timeLeftBounds(new Date("2026-05-17T14:00:00Z"), new Date("2026-05-18T01:00:00Z")); // Sunday 23:00 KST
    expect(sunday.endOfToday.toISOString()).toBe(sunday.endOfWeek.toISOString());
  });
});
