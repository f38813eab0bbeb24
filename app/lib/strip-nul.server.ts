// React 18.3.1's renderToPipeableStream on Node 20 inserts NUL bytes into long Korean output
// (near multiples of its 2,048/8,192-byte chunks); Chromium turns them into U+FFFD inside
// attributes (an aria-label read aloud as "…8건\uFFFD\uFFFD의 문의 보기"). HTML has no use for NUL,
// and in UTF-8 the byte 0x00 is only ever the NUL character, so dropping the byte is exact.
import { Transform } from "node:stream";

/** A stream that passes every byte through except 0x00. */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (!bytes.includes(0)) return done(null, bytes);
      const out = Buffer.allocUnsafe(bytes.length);
      let n = 0;
      for (const b of bytes) if (b !== 0) out[n++] = b;
      done(null, out.subarray(0, n));
    },
  });
}
