// Streaming rows into PostgreSQL with COPY (text format) through postgres.js's writable().
import type { Writable } from "node:stream";
import type postgres from "postgres";

const CHUNK = 1024 * 1024;
/** Bytes a stream may have on their way to the server before the generator waits for it. */
const IN_FLIGHT = 16 * 1024 * 1024;
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_G = /[\\\t\n\r]/g;
const ESC: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A text value escaped for COPY's text format. */
export function esc(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_G, (c) => ESC[c]) : value;
}

/** null/undefined → \N; strings escaped; Dates as ISO; numbers and booleans as they are. */
export function field(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "string") return esc(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) return value.toISOString();
  return esc(JSON.stringify(value));
}

/**
 * Which of `streams` COPY streams a ticket's rows go to: by the id's last two hex digits, which
 * are random — its first ones are the time (version 7), the same for every ticket of years.
 */
export function streamOf(ticketId: string, streams: number): number {
  if (streams === 1) return 0;
  const n = ticketId.length;
  return (hexDigit(ticketId.charCodeAt(n - 2)) * 16 + hexDigit(ticketId.charCodeAt(n - 1))) % streams;
}

/** The value of a hex digit's character code (0-9, a-f, A-F). */
const hexDigit = (code: number) => (code <= 57 ? code - 48 : (code | 32) - 87);

export const ts = (ms: number | null | undefined) => (ms === null || ms === undefined ? "\\N" : new Date(ms).toISOString());
export const json = (value: unknown) => esc(JSON.stringify(value));

/**
 * One COPY … FROM STDIN stream with a buffer: `row()` appends a line, full buffers are written
 * with back-pressure. `rows` counts what was sent.
 */
export class CopyStream {
  rows = 0;
  /** Time spent waiting for the server to take data (ms). */
  waitedMs = 0;
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  /** Buffers whose chunks the stream has taken, to be filled again. */
  private spare: Buffer[] = [];
  private at = 0;
  private stream: Writable | null = null;
  private done: Promise<void> | null = null;

  constructor(
    readonly table: string,
    readonly columns: string[],
  ) {}

  async open(sql: postgres.Sql | postgres.ReservedSql) {
    const stream = await sql.unsafe(`copy ${this.table} (${this.columns.join(", ")}) from stdin`).writable();
    this.stream = stream;
    this.done = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", reject);
    });
    // Surface errors early (a constraint violation ends the COPY).
    this.done.catch(() => {});
    return this;
  }

  /** Appends one row (fields already formatted with field()/ts()/esc()). */
  row(fields: string[]): Promise<void> | void {
    return this.line(fields.join("\t"));
  }

  /** Appends one row already formatted (fields escaped, joined by tabs, no newline). */
  line(text: string): Promise<void> | void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.at + text.length * 3 + 1 > this.buf.length) {
      const pending = this.flush();
      if (text.length * 3 + 1 > this.buf.length) this.buf = Buffer.allocUnsafe(text.length * 3 + 1);
      this.at += this.buf.write(text, this.at);
      this.buf[this.at++] = 10;
      this.rows++;
      return pending;
    }
    this.at += this.buf.write(text, this.at);
    this.buf[this.at++] = 10;
    this.rows++;
  }

  async flush() {
    if (!this.stream || this.at === 0) return;
    const full = this.buf;
    const chunk = full.subarray(0, this.at);
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK);
    this.at = 0;
    // Keep several MB in flight: waiting for every chunk to drain would make the generator and
    // the server take turns instead of working at the same time. A written chunk's buffer is
    // used again (new buffers by the gigabyte kept the garbage collector busy).
    this.stream.write(chunk, () => {
      if (full.length === CHUNK) this.spare.push(full);
    });
    if (this.stream.writableLength > IN_FLIGHT) {
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => (this.stream!.off("error", onError), resolve());
        const onError = (e: Error) => (this.stream!.off("drain", onDrain), reject(e));
        this.stream!.once("drain", onDrain);
        this.stream!.once("error", onError);
      });
      this.waitedMs += performance.now() - t0;
    }
  }

  async end() {
    await this.flush();
    this.stream?.end();
    await this.done;
  }
}
