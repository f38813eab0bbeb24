// Allocation-light helpers for the generator: ISO instants and ids by the million.
import { uuidV7 } from "../../app/lib/uuid-v7";

const DAY = 86_400_000;
const dayCache = new Map<number, string>();
const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const pad3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

/** Same text as new Date(ms).toISOString() for years 1970–9999. */
export function isoOf(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayCache.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayCache.set(day, prefix);
  }
  let rest = ms - day * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = Math.floor(rest - s * 1000);
  return `${prefix}${pad2[h]}:${pad2[m]}:${pad2[s]}.${pad3[milli]}Z`;
}

/** A time-ordered (version 7) id for a row made at `ms`, as the desk makes them (app/lib/uuid-v7.ts). */
export function uuid(ms?: number): string {
  return uuidV7(ms);
}
