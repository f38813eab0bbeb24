// Allocation-light helpers for the generator: ISO instants and random UUIDs by the million.
import { randomFillSync } from "node:crypto";

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

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const pool = Buffer.alloc(16 * 8192);
let pos = pool.length;

/** A random (version 4) UUID, from a pooled buffer of crypto-random bytes. */
export function uuid(): string {
  if (pos + 16 > pool.length) {
    randomFillSync(pool);
    pos = 0;
  }
  const b = pool;
  const i = pos;
  pos += 16;
  return (
    hex[b[i]] + hex[b[i + 1]] + hex[b[i + 2]] + hex[b[i + 3]] + "-" +
    hex[b[i + 4]] + hex[b[i + 5]] + "-" +
    hex[(b[i + 6] & 0x0f) | 0x40] + hex[b[i + 7]] + "-" +
    hex[(b[i + 8] & 0x3f) | 0x80] + hex[b[i + 9]] + "-" +
    hex[b[i + 10]] + hex[b[i + 11]] + hex[b[i + 12]] + hex[b[i + 13]] + hex[b[i + 14]] + hex[b[i + 15]]
  );
}
