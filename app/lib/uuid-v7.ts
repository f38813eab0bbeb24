// Time-ordered ids (RFC 9562 version 7): 48 bits of Unix milliseconds, then 74 random bits.
// The desk's busy tables are keyed and indexed by these ids (ticket_id leads most indexes): with
// random (version 4) ids every new row lands on a random page of every such index, so at a
// million tickets each insert touches cold pages and writes their full images to the WAL; with
// time-ordered ids new rows share the right edge (docs/decisions/0006-time-ordered-ids.md).
// PostgreSQL's side is uuid_v7() (migration 0012), the default of the same tables' ids.
import { randomFillSync } from "node:crypto";

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const pool = Buffer.alloc(10 * 4096);
let pos = pool.length;

/** A version 7 UUID for the instant `ms` (default now); 74 crypto-random bits. */
export function uuidV7(ms: number = Date.now()): string {
  if (!Number.isFinite(ms) || ms < 0 || ms >= 2 ** 48) throw new RangeError(`uuidV7: not a time: ${ms}`);
  if (pos + 10 > pool.length) {
    randomFillSync(pool);
    pos = 0;
  }
  const b = pool;
  const i = pos;
  pos += 10;
  const t = Math.floor(ms);
  const high = Math.floor(t / 2 ** 16); // the first 32 bits
  const low = t % 2 ** 16; // the next 16
  return (
    hex[(high >>> 24) & 0xff] +
    hex[(high >>> 16) & 0xff] +
    hex[(high >>> 8) & 0xff] +
    hex[high & 0xff] +
    "-" +
    hex[low >>> 8] +
    hex[low & 0xff] +
    "-" +
    hex[(b[i] & 0x0f) | 0x70] +
    hex[b[i + 1]] +
    "-" +
    hex[(b[i + 2] & 0x3f) | 0x80] +
    hex[b[i + 3]] +
    "-" +
    hex[b[i + 4]] +
    hex[b[i + 5]] +
    hex[b[i + 6]] +
    hex[b[i + 7]] +
    hex[b[i + 8]] +
    hex[b[i + 9]]
  );
}

/** The instant a version 7 UUID was made at (ms), or null for another version. */
export function uuidV7Time(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
