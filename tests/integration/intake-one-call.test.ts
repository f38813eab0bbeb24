// Intake in one call (ADR 0020, migration 0040): the API's answer is made in Node, not read back,
// so it must be exactly what a read of the stored ticket gives; what Node assumed (the returning
// customer's row, the policies and calendar it counted on) is checked by the call.
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { createApiToken } from "~/auth/tokens.server";
import { loadTicketJson } from "~/api/ticket-json.server";
import * as listRoute from "~/routes/api.v1.tickets";
import { createTicket } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

let token = "";

beforeAll(async () => {
  token = (await createApiToken({ name: "one-call", role: "manager" })).token;
});

async function post(body: object, headers: Record<string, string> = {}): Promise<Response> {
  const request = new Request("http://localhost/api/v1/tickets", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return listRoute.action({ request, params: {}, context: {} } as never);
}

const channels = ["web", "email", "phone", "sms", "visit", "mail", "fax"] as const;

describe("intake in one call", () => {
  it("answers POST /api/v1/tickets with exactly the ticket a read of it gives (text for text)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          channel: fc.constantFrom(...channels),
          category: fc.constantFrom("general", "kyc", "certificate", "auto_debit", "fees"),
          kind: fc.constantFrom("inquiry", "complaint", "suggestion", "unkindness", "praise"),
          hasEmail: fc.boolean(),
          hasPhone: fc.boolean(),
          preferred: fc.constantFrom(undefined, "email", "sms", "phone"),
          callbackRequested: fc.boolean(),
          resolvedOnContact: fc.boolean(),
          requestedReply: fc.boolean(),
          returning: fc.boolean(),
        }),
        async (c) => {
          n += 1;
          const who = c.returning ? 1 : n + 100;
          const body = {
            channel: c.channel,
            category: c.category,
            kind: c.kind,
            subject: "계좌 110-123-456789 문의",
            body: "주민번호 900101-1234567 로 가입했습니다.",
            customer: {
              name: "홍길동",
              email: c.hasEmail || !c.hasPhone ? `one-call-${who}@example.com` : undefined,
              phone: c.hasPhone ? `010-5555-${String(who % 10000).padStart(4, "0")}` : undefined,
              preferredContact: c.preferred,
            },
            callbackRequested: c.callbackRequested,
            resolvedOnContact: c.resolvedOnContact,
            ...(c.requestedReply ? { requestedReplyBy: "2099-12-01" } : {}),
          };
          const res = await post(body);
          const text = await res.text();
          // Combinations the intake rules refuse (e.g. answered on the spot by web) are not intakes.
          if (res.status === 422) return;
          expect(res.status, text).toBe(201);
          const answer = JSON.parse(text);
          expect(res.headers.get("Location")).toBe(`/api/v1/tickets/${answer.reference}`);
          const read = await loadTicketJson(answer.reference);
          expect(JSON.stringify(read)).toBe(text);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("routes the acknowledgment to the returning customer's stored address, as stored", async () => {
    await db().execute(sql`insert into customers (name, email, phone) values ('김민지', 'Minji.Kim@Example.com', null)`);
    const res = await post({
      channel: "web",
      subject: "문의",
      body: "본문",
      customer: { name: "김민지", email: "minji.kim@example.com", phone: "010-7777-1234", preferredContact: "email" },
    });
    const text = await res.text();
    expect(res.status).toBe(201);
    const answer = JSON.parse(text);
    expect(answer.customer).toEqual({ name: "김민지", email: "Minji.Kim@Example.com", phone: "010-7777-1234", preferredContact: "email" });
    expect(answer.notifications).toMatchObject([{ template: "acknowledgment", toAddress: "Minji.Kim@Example.com", status: "queued" }]);
    expect(JSON.stringify(await loadTicketJson(answer.reference))).toBe(text);
    const customers = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from customers where lower(email) = 'minji.kim@example.com'`,
    );
    expect(customers[0].n).toBe(1);
  });

  it("counts on policies changed by another process at the next intake", async () => {
    const actor = { kind: "customer" } as const;
    const intake = {
      channel: "web" as const,
      category: "general",
      subject: "s",
      body: "b",
      customer: { name: "이", email: "lee@example.com" },
      callbackRequested: false,
      resolvedOnContact: false,
    };
    const before = await createTicket(intake, actor);
    const timers = async (id: string) =>
      (await db().execute<{ n: number }>(sql`select count(*)::int as n from sla_timers where ticket_id = ${id}`))[0].n;
    expect(await timers(before.id)).toBeGreaterThan(0);
    await db().execute(sql`update sla_policies set active = false where current`);
    try {
      const after = await createTicket(intake, actor);
      expect(await timers(after.id)).toBe(0);
    } finally {
      await db().execute(sql`update sla_policies set active = true where current`);
    }
    const again = await createTicket(intake, actor);
    expect(await timers(again.id)).toBe(await timers(before.id));
  });

  it("writes the audit entry with the ticket, and none for a replay", async () => {
    const key = { "Idempotency-Key": "one-call-audit" };
    const body = { channel: "phone", subject: "전화", body: "본문", customer: { name: "박", phone: "010-1212-3434" } };
    const first = await post(body, key);
    const second = await post(body, key);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    const { reference } = JSON.parse(await first.text());
    expect(await second.text()).toBe(JSON.stringify(await loadTicketJson(reference)));
    const rows = await db().execute<{ actor: string; details: Record<string, unknown> }>(
      sql`select actor, details from audit_log where action = 'ticket.change' and target_id = ${reference}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: "token:one-call", details: { change: "create", path: "/api/v1/tickets" } });
  });
});
