// Geometry of the dashboard's SVG charts as pure functions (browser and server): scales, line
// paths that break where a week had nothing decided, bar lengths and stacked segments. Every
// output is a finite number whatever the data (empty, all zero, one point): an SVG attribute
// "NaN" would draw nothing and say nothing.
import { complianceRate } from "./aggregate";

export type Box = { width: number; height: number; left: number; right: number; top: number; bottom: number };

/** A linear map from `domain` to `range`; a domain of one value maps everything to the range's start. */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (v: number) => {
    if (!Number.isFinite(v) || span === 0 || !Number.isFinite(span)) return r0;
    return r0 + ((v - d0) / span) * (r1 - r0);
  };
}

/** Rounds for SVG attributes (two decimals are far below a pixel). */
export const px = (v: number) => Math.round(v * 100) / 100;

export type LineGeometry = {
  /** x of each slot's centre. */
  xs: number[];
  /** A marker per slot with a value (null where the slot had nothing decided). */
  points: Array<{ x: number; y: number } | null>;
  /** SVG path data: one run per stretch of consecutive values ("" when none). */
  path: string;
  /** Horizontal grid lines: 0, 25, 50, 75, 100 %. */
  yTicks: Array<{ value: number; y: number }>;
  /** y of a rate (for a target line). */
  y: (rate: number) => number;
  /** Marker radius: smaller when many weeks share the width, so markers do not overlap. */
  r: number;
};

/** A compliance line (rates 0–1) over `values.length` evenly spaced slots inside `box`. */
export function lineGeometry(values: Array<number | null>, box: Box): LineGeometry {
  const plotW = Math.max(box.width - box.left - box.right, 1);
  const y = linearScale([0, 1], [box.height - box.bottom, box.top]);
  const slot = plotW / Math.max(values.length, 1);
  const xs = values.map((_, i) => px(box.left + slot * i + slot / 2));
  const points = values.map((v, i) => (v === null || !Number.isFinite(v) ? null : { x: xs[i], y: px(y(Math.min(Math.max(v, 0), 1))) }));
  let path = "";
  let open = false;
  for (const p of points) {
    if (!p) {
      open = false;
      continue;
    }
    path += `${open ? "L" : "M"}${p.x} ${p.y} `;
    open = true;
  }
  return {
    xs,
    points,
    path: path.trim(),
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, y: px(y(value)) })),
    y: (rate: number) => px(y(Math.min(Math.max(rate, 0), 1))),
    r: px(Math.max(1.25, Math.min(3.5, slot / 3))),
  };
}

/**
 * Bar lengths for counts, scaled to the largest (or to `max` when given) over `width`; a count
 * above zero is at least 1 unit long so it never disappears, zero is 0.
 */
export function barLengths(counts: number[], width: number, max?: number): number[] {
  const top = Math.max(max ?? 0, ...counts.map((c) => (Number.isFinite(c) ? c : 0)), 0);
  const scale = linearScale([0, top], [0, width]);
  return counts.map((c) => (!Number.isFinite(c) || c <= 0 || top === 0 ? 0 : px(Math.max(scale(c), 1))));
}

/** Consecutive segments of one bar of `width` for counts (all zero-width when the total is 0). */
export function stackSegments(counts: number[], width: number): Array<{ x: number; width: number }> {
  const clean = counts.map((c) => (Number.isFinite(c) && c > 0 ? c : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  let x = 0;
  return clean.map((c) => {
    const w = total === 0 ? 0 : (c / total) * width;
    const seg = { x: px(x), width: px(w) };
    x += w;
    return seg;
  });
}

/** Whether a compliance rate meets its target; "none" when nothing was decided. */
export function targetStatus(rate: number | null, target: number): "met" | "below" | "none" {
  if (rate === null || !Number.isFinite(rate)) return "none";
  return rate >= target ? "met" : "below";
}

/**
 * The row with the lowest compliance rate among those with something decided (more breaches
 * first on a tie, then the key); null when none has a rate or every rate meets the target.
 */
export function worstRow<T extends { key: string; met: number; breached: number }>(rows: T[], target: number): T | null {
  let worst: T | null = null;
  let worstRate = Infinity;
  for (const r of rows) {
    const rate = complianceRate(r.met, r.breached);
    if (rate === null || rate >= target) continue;
    if (
      rate < worstRate ||
      (rate === worstRate && worst && (r.breached > worst.breached || (r.breached === worst.breached && r.key < worst.key)))
    ) {
      worst = r;
      worstRate = rate;
    }
  }
  return worst;
}
