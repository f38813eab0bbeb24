// Fuzzing the staff pages' query strings: every loader that reads GET parameters gets generated
// query strings (NUL and other control characters, far dates, huge numbers, repeated keys, long
// values), signed in as an administrator. Never a 5xx, and a streamed answer (CSV) never breaks
// off: it either completes or is refused before its first byte.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { startSession } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import * as dashboard from "~/routes/dashboard._index";
import * as dashboardTickets from "~/routes/dashboard.tickets";
import * as dashboardExport from "~/routes/dashboard.export.$table";
import * as audit from "~/routes/admin.audit";
import * as auditExport from "~/routes/admin.audit_.export";
import * as outbox from "~/routes/admin.outbox";
import * as calendar from "~/routes/admin.calendar";
import * as policies from "~/routes/admin.policies._index";
import * as deskQueue from "~/routes/desk._index";
import * as guaranteeList from "~/routes/desk.guarantee._index";
import { useTestDatabase } from "../support/db";
import { RUNS, record, report, tally, type Outcome, type Tally } from "./support/fuzz";

useTestDatabase();

const KEYS = [
  "from",
  "to",
  "team",
  "cursor",
  "status",
  "channel",
  "q",
  "year",
  "remove",
  "changed",
  "reapplied",
  "examined",
  "actor",
  "action",
  "targetType",
  "targetId",
  "lang",
  "metric",
  "kind",
  "category",
  "state",
  "page",
  "limit",
  "sort",
  "assignee",
  "done",
];
const ODD_VALUES = [
  "\u0000",
  "a\u0000b",
  "\u0001\u001f\u007f",
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "+275760-09-13",
  "-000001-01-01",
  "2026-02-30",
  "2026-04-01T00:00:00Z",
  "99999999999999999999999",
  "1e309",
  "-1",
  "NaN",
  "0x10",
  "9007199254740993",
  "",
  " ",
  "x".repeat(5000),
  "\uD800",
  "😀",
  "'; select 1; --",
  "%00",
  "complaints-1",
  "2026-04-01",
  "2026-04-30",
  "open",
  "failed",
  "email",
  "1",
  "ko",
  "en",
];

const queryArb = fc.array(
  fc.tuple(
    fc.constantFrom(...KEYS),
    fc.oneof(fc.constantFrom(...ODD_VALUES), fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 12 })),
  ),
  { maxLength: 8 },
);

const state = { cookie: "" };
const tallies: Tally[] = [];
afterAll(() => {
  for (const t of tallies) console.log(report(t));
});

/** Calls the loader and reads a streamed body to its end: a stream that breaks off counts as a 5xx. */
async function load(fn: (args: any) => unknown, request: Request, params: Record<string, string>): Promise<Outcome> {
  try {
    const value = await fn({ request, params, context: {} });
    if (value instanceof Response) {
      if (value.body) {
        try {
          await value.arrayBuffer();
        } catch (error) {
          return { status: 599, threw: true, detail: `the body broke off after status ${value.status}: ${String(error)}` };
        }
      }
      return { status: value.status, threw: false, detail: "" };
    }
    const init = (value as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200, threw: false, detail: "" };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, threw: false, detail: "" };
    return {
      status: 500,
      threw: true,
      detail: error instanceof Error ? (error.stack ?? error.message).split("\n").slice(0, 6).join("\n") : String(error),
    };
  }
}

function fuzzGet(name: string, fn: (args: any) => unknown, path: string, params: Record<string, string> = {}) {
  it(`GET ${name}`, async () => {
    const t = tally(`GET ${name}`);
    tallies.push(t);
    await fc.assert(
      fc.asyncProperty(queryArb, async (pairs) => {
        const search = new URLSearchParams(pairs);
        const request = new Request(`http://desk.test${path}?${search}`, { headers: { Cookie: state.cookie } });
        const outcome = await load(fn, request, params);
        if (!record(t, outcome)) throw new Error(`5xx (${outcome.status}) for ?${search}: ${outcome.detail}`);
      }),
      { numRuns: Math.min(RUNS, 300) },
    );
    expect(t.fiveHundreds).toBe(0);
  }, 300_000);
}

describe("fuzzing the staff pages' GET parameters", () => {
  it("(a signed-in administrator)", async () => {
    const admin = await createStaffMember({ email: "fuzz-get@desk.test", name: "퍼징 관리자", role: "admin", password: "pw-123456789" });
    state.cookie = (await startSession(new Request("http://desk.test"), admin.id)).split(";")[0]!;
  });

  // The cases found by probing, first: each answered 500 or broke its stream.
  it("the probed cases answer 4xx or a whole page", async () => {
    const cases: Array<[(args: any) => unknown, string, Record<string, string>]> = [
      [dashboard.loader, "/dashboard?team=%00", {}],
      [dashboardTickets.loader, "/dashboard/tickets?team=%00", {}],
      [dashboardExport.loader, "/dashboard/export/metric?team=%00", { table: "metric" }],
      [audit.loader, "/admin/audit?from=0001-01-01", {}],
      [audit.loader, "/admin/audit?to=0000-01-01", {}],
      [auditExport.loader, "/admin/audit/export?from=0000-01-01", {}],
    ];
    for (const [fn, url, params] of cases) {
      const outcome = await load(fn, new Request(`http://desk.test${url}`, { headers: { Cookie: state.cookie } }), params);
      expect(outcome.status, `${url}: ${outcome.detail}`).toBeLessThan(500);
    }
    const refused = await load(
      auditExport.loader,
      new Request("http://desk.test/admin/audit/export?from=0000-01-01", { headers: { Cookie: state.cookie } }),
      {},
    );
    expect(refused.status).toBe(422);
  });

  fuzzGet("/dashboard", dashboard.loader, "/dashboard");
  fuzzGet("/dashboard/tickets", dashboardTickets.loader, "/dashboard/tickets");
  fuzzGet("/dashboard/export/metric", dashboardExport.loader, "/dashboard/export/metric", { table: "metric" });
  fuzzGet("/admin/audit", audit.loader, "/admin/audit");
  fuzzGet("/admin/audit/export", auditExport.loader, "/admin/audit/export");
  fuzzGet("/admin/outbox", outbox.loader, "/admin/outbox");
  fuzzGet("/admin/calendar", calendar.loader, "/admin/calendar");
  fuzzGet("/admin/policies", policies.loader, "/admin/policies");
  fuzzGet("/desk", deskQueue.loader, "/desk");
  fuzzGet("/desk/guarantee", guaranteeList.loader, "/desk/guarantee");
});
