// Generated requests for the route modules, called in-process exactly as Remix calls them, and
// the checks every answer must pass: never a 5xx (nor an unexpected throw), and nothing stored
// that is not clean UTF-8 (NUL, lone surrogates, replacement characters from bad bytes).
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { db } from "../../../db/connection";

export const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);

/** Text that breaks naive code: controls, NUL, lone surrogates, RTL marks, HTML, SQL, huge, Korean. U+FFFD is never generated. */
export const oddString = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom("가", "힣", "\u0000", "\ud800", "\udfff", "\u202e", "\ufeff", "'", '"', "<", "%", "\\", "\n", "\r"),
        maxLength: 30,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "\u0000",
        "a\u0000b",
        "\ud800",
        "x\udc00y",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "'; drop table tickets; --",
        "${7*7}",
        "010-1234-5678",
        "900101-1234567",
        "1234-5678-9012-3456",
        "a@b.kr",
        "hong@example.com",
        "2026-05-01",
        "2026-02-30",
        "9999-12-31",
        "2026-04-30T15:00",
        "2026-04-30T15:00:00+09:00",
        "-1",
        "0",
        "1e309",
        "NaN",
        "true",
        "on",
        "web",
        "phone",
        "email",
        "sms",
        "general",
        "260101-0001",
        "../../etc/passwd",
        "가".repeat(5_000),
        "x".repeat(30_000),
      ),
    },
  )
  .map((s) => s.replace(/\uFFFD/g, "?"));

/**
 * What a string can be after travelling as UTF-8 (in a URL, a form, a raw body): lone surrogates
 * cannot be encoded, and encoders would turn them into U+FFFD — they are dropped instead, so a
 * U+FFFD found in the database means the desk itself damaged something. (JSON bodies keep them:
 * JSON.stringify writes them as \ud800 escapes, which the desk must refuse.)
 */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}

/** A header value as Node receives arbitrary bytes: the UTF-8 bytes read as latin1, CR/LF/NUL gone. */
export function headerValue(s: string): string {
  return Buffer.from(wellFormed(s), "utf8")
    .toString("latin1")
    .replace(/[\r\n\u0000]/g, "");
}

export type Outcome = { status: number; threw: boolean; detail: string };

function statusOf(value: unknown): number {
  if (value instanceof Response) return value.status;
  if (value && typeof value === "object" && (value as { type?: unknown }).type === "DataWithResponseInit") {
    return (value as { init?: ResponseInit | null }).init?.status ?? 200;
  }
  return 200;
}

/** Calls a loader or action; a thrown Response is an answer, anything else thrown is a 500. */
export async function call(
  fn: (args: any) => unknown,
  request: Request,
  params: Record<string, string> = {},
  context: Record<string, unknown> = {},
): Promise<Outcome> {
  try {
    const value = await fn({ request, params, context });
    const status = statusOf(value);
    if (value instanceof Response && value.body) await value.arrayBuffer().catch(() => {});
    return { status, threw: false, detail: "" };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, threw: false, detail: "" };
    return {
      status: 500,
      threw: true,
      detail: error instanceof Error ? (error.stack ?? error.message).split("\n").slice(0, 6).join("\n") : String(error),
    };
  }
}

export type Tally = { name: string; cases: number; fiveHundreds: number; statuses: Record<number, number> };

export function tally(name: string): Tally {
  return { name, cases: 0, fiveHundreds: 0, statuses: {} };
}

export function record(t: Tally, outcome: Outcome): boolean {
  t.cases++;
  t.statuses[outcome.status] = (t.statuses[outcome.status] ?? 0) + 1;
  if (outcome.status >= 500) t.fiveHundreds++;
  return outcome.status < 500;
}

export function report(t: Tally): string {
  const statuses = Object.entries(t.statuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([s, n]) => `${s}×${n}`)
    .join(" ");
  return `[fuzz] ${t.name}: cases tried ${t.cases}, 5xx ${t.fiveHundreds} (${statuses})`;
}

// ---------------------------------------------------------------- form bodies

export type FormSpec = {
  fields: Array<[string, string]>;
  files: Array<{ name: string; bytes: Uint8Array; filename: string; type: string }>;
  encoding: "multipart" | "urlencoded" | "raw-bytes" | "json" | "none" | "garbage-type";
};

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];

export function formSpec(
  fieldNames: string[],
  intents: string[] = [],
  preferred: { fields?: string[]; values?: string[]; intents?: string[] } = {},
): fc.Arbitrary<FormSpec> {
  const names: Array<fc.WeightedArbitrary<string>> = [
    { weight: 3, arbitrary: fc.constantFrom(...fieldNames) },
    { weight: 1, arbitrary: oddString },
  ];
  if (preferred.fields?.length) names.push({ weight: 8, arbitrary: fc.constantFrom(...preferred.fields) });
  const name = fc.oneof(...names);
  const values: Array<fc.WeightedArbitrary<string>> = [{ weight: 4, arbitrary: oddString }];
  if (intents.length) values.push({ weight: 1, arbitrary: fc.constantFrom(...intents) });
  if (preferred.values?.length) values.push({ weight: 3, arbitrary: fc.constantFrom(...preferred.values) });
  const value = fc.oneof(...values);
  if (preferred.intents?.length) intents = preferred.intents;
  const field = fc.tuple(name, value);
  const intentField = intents.length
    ? fc.option(
        fc.constantFrom(...intents).map((i) => ["intent", i] as [string, string]),
        { nil: undefined },
      )
    : fc.constant(undefined);
  const file = fc.record({
    name: fc.constantFrom("files", "file", "attachment", "files"),
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from([...PNG, ...b])),
      fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from([...PDF, ...b])),
    ),
    filename: oddString,
    type: fc.constantFrom("image/png", "application/pdf", "text/html", "application/x-msdownload", ""),
  });
  return fc.record({
    fields: fc.tuple(intentField, fc.array(field, { maxLength: 12 })).map(([i, f]) => (i ? [i, ...f] : f)),
    files: fc.array(file, { maxLength: 2 }),
    encoding: fc.constantFrom("multipart", "multipart", "urlencoded", "urlencoded", "raw-bytes", "json", "none", "garbage-type"),
  });
}

/** Invalid UTF-8 and other bytes no browser form would send. */
const BAD_BYTES = [
  Uint8Array.from([0xff]),
  Uint8Array.from([0xc3, 0x28]),
  Uint8Array.from([0xed, 0xa0, 0x80]),
  Uint8Array.from([0x00]),
  Uint8Array.from([0xe2, 0x82]),
];

export function formRequest(url: string, spec: FormSpec, headers: Record<string, string> = {}): Request {
  const init: RequestInit = { method: "POST", headers: { ...headers } };
  const h = init.headers as Record<string, string>;
  switch (spec.encoding) {
    case "multipart": {
      const form = new FormData();
      for (const [k, v] of spec.fields) form.append(wellFormed(k), wellFormed(v));
      for (const f of spec.files)
        form.append(wellFormed(f.name), new Blob([Uint8Array.from(f.bytes)], { type: f.type }), wellFormed(f.filename) || "file");
      init.body = form;
      break;
    }
    case "urlencoded":
      init.body = new URLSearchParams(spec.fields.map(([k, v]) => [wellFormed(k), wellFormed(v)])).toString();
      h["Content-Type"] = "application/x-www-form-urlencoded";
      break;
    case "raw-bytes": {
      // A urlencoded body with bytes that are not UTF-8 in names and values.
      const enc = new TextEncoder();
      const parts: number[] = [];
      spec.fields.forEach(([k, v], i) => {
        if (i) parts.push(0x26);
        parts.push(
          ...enc.encode(encodeURIComponent(wellFormed(k))),
          0x3d,
          ...BAD_BYTES[i % BAD_BYTES.length],
          ...enc.encode(encodeURIComponent(wellFormed(v))),
        );
      });
      if (parts.length === 0) parts.push(...BAD_BYTES[0]);
      init.body = Uint8Array.from(parts);
      h["Content-Type"] = "application/x-www-form-urlencoded";
      break;
    }
    case "json":
      init.body = JSON.stringify(Object.fromEntries(spec.fields));
      h["Content-Type"] = "application/json";
      break;
    case "garbage-type":
      init.body = wellFormed(spec.fields.map(([k, v]) => `${k}:${v}`).join("\n"));
      h["Content-Type"] = "multipart/form-data; boundary=";
      break;
    case "none":
      break;
  }
  return new Request(url, init);
}

// ---------------------------------------------------------------- what was stored

/**
 * Every text and JSON column of the public schema is searched for U+FFFD (what bad bytes or a lone
 * surrogate become on the way into PostgreSQL). PostgreSQL itself refuses a NUL in text and jsonb
 * and invalid UTF-8 at all (an attempt must come back as a 4xx, which the 5xx check covers); the
 * generators never produce U+FFFD, so any found is an input that was silently damaged and stored.
 */
export async function damagedTextStored(): Promise<Array<{ table: string; column: string; rows: number }>> {
  const columns = await db().execute<{ table_name: string; column_name: string; data_type: string }>(sql`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json')`);
  const found: Array<{ table: string; column: string; rows: number }> = [];
  for (const c of columns) {
    const col = sql.identifier(c.column_name);
    const table = sql.identifier(c.table_name);
    const [row] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from ${table} where strpos(${col}::text, ${"\uFFFD"}) > 0`,
    );
    if (Number(row.n) > 0) found.push({ table: c.table_name, column: c.column_name, rows: Number(row.n) });
  }
  return found;
}
