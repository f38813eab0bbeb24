// Every kind of history entry the desk writes has words on the ticket page, in Korean and English
// (desk.event.<type>): staff never read an internal event code. The source is scanned for every way
// an event type is written — appendEvent's type argument, `type: "x.y"` rows for appendEvents or an
// insert, SQL `insert into ticket_events` statements, and constants they use — so a new event type
// without words fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { dictionaries } from "~/i18n/i18n";

const ROOT = join(__dirname, "..", "..");
const DIRS = ["app", "jobs", "server", "db"];
const EVENT = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === "node_modules" || name === "migrations" || path.endsWith(join("app", "i18n"))) continue;
      out.push(...sourceFiles(path));
    } else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

const files = DIRS.flatMap((d) => sourceFiles(join(ROOT, d))).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, "utf8"),
}));

/** `const NAME = "x.y"` anywhere in the scanned source. */
const constants = new Map<string, string>();
for (const f of files)
  for (const m of f.text.matchAll(/\bconst\s+([A-Za-z_$][\w$]*)\s*(?::\s*string\s*)?=\s*["'`]([^"'`]+)["'`]/g)) constants.set(m[1], m[2]);

/** The argument expressions of a call starting at `open` (the index of its "("), split at top-level commas. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = "";
  let quote: string | null = null;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      current += c;
      if (c === "\\") current += text[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      quote = c;
      current += c;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) {
        args.push(current.trim());
        return args;
      }
      depth--;
    }
    if (c === "," && depth === 0) {
      args.push(current.trim());
      current = "";
      continue;
    }
    current += c;
  }
  return args;
}

const literals = (expression: string) => [...expression.matchAll(/["'`]([^"'`$]+)["'`]/g)].map((m) => m[1]);
const interpolated = (expression: string) => [...expression.matchAll(/\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g)].map((m) => m[1]);

type Found = { type: string; where: string };
const found: Found[] = [];
const unreadable: string[] = [];

for (const f of files) {
  const line = (index: number) => `${f.path}:${f.text.slice(0, index).split("\n").length}`;
  // appendEvent(tx, ticketId, <type>, actor, data?, at?)
  for (const m of f.text.matchAll(/\bappendEvent\s*\(/g)) {
    if (/function\s+$/.test(f.text.slice(Math.max(0, m.index! - 20), m.index!))) continue; // the definition
    const args = callArguments(f.text, m.index! + m[0].length - 1);
    const typeArg = args[2] ?? "";
    const named = literals(typeArg).filter((s) => EVENT.test(s));
    const fromConstant = /^[A-Za-z_$][\w$]*$/.test(typeArg) ? constants.get(typeArg) : undefined;
    if (fromConstant) named.push(fromConstant);
    if (named.length === 0) unreadable.push(`${line(m.index!)}: appendEvent type ${typeArg}`);
    for (const type of named) found.push({ type, where: line(m.index!) });
  }
  // Rows for appendEvents or tx.insert(ticketEvents): `type: "x.y"`.
  if (/\bappendEvents\b|insert\(ticketEvents\)/.test(f.text)) {
    for (const m of f.text.matchAll(/\btype:\s*["'`]([^"'`]+)["'`]/g))
      if (EVENT.test(m[1])) found.push({ type: m[1], where: line(m.index!) });
  }
  // Rows in the database's column names for the intake function (desk_intake): `ticket_id: …, type: "x.y"`.
  for (const m of f.text.matchAll(/\bticket_id:\s*[\w.]+,\s*type:\s*["'`]([^"'`]+)["'`]/g))
    if (EVENT.test(m[1])) found.push({ type: m[1], where: line(m.index!) });
  // SQL: insert into ticket_events … (up to the end of that statement or CTE).
  for (const m of f.text.matchAll(/insert\s+into\s+ticket_events\b/gi)) {
    const rest = f.text.slice(m.index!, m.index! + 1500);
    const end = rest.search(/\n\s*\)\s*(,|\n|select)|`\s*\)/);
    const statement = end > 0 ? rest.slice(0, end) : rest;
    for (const s of statement.matchAll(/'([a-z][a-z_]*(?:\.[a-z][a-z_]*)+)'/g)) found.push({ type: s[1], where: line(m.index!) });
    for (const name of interpolated(statement)) {
      const value = constants.get(name);
      if (value && EVENT.test(value)) found.push({ type: value, where: line(m.index!) });
    }
  }
}

const types = [...new Set(found.map((f) => f.type))].sort();

describe("event types in words", () => {
  it("finds the event types the desk writes (the scan itself works)", () => {
    // Written in each of the four ways: appendEvent, a row object, SQL, and a constant.
    for (const known of [
      "ticket.created",
      "reply.sent",
      "sla.timer_breached",
      "sla.escalated",
      "guarantee.opened",
      "privacy.anonymised",
      "remote.rebooked",
    ]) {
      expect(types, known).toContain(known);
    }
    expect(unreadable, "appendEvent calls whose type the scan cannot read").toEqual([]);
  });

  it.each(types)("%s has words for staff in Korean and English", (type) => {
    const where = found.filter((f) => f.type === type).map((f) => f.where);
    for (const lang of ["ko", "en"] as const) {
      const text = dictionaries[lang][`desk.event.${type}`];
      expect(text, `${lang} desk.event.${type} (written at ${where.join(", ")})`).toBeTruthy();
      expect(text).not.toMatch(/\b[a-z]+[._][a-z_]+\b/);
    }
  });
});
