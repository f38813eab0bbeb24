// Retention (§7): a dry run that counts, then anonymisation in batches of the personal data of
// tickets closed longer than RETENTION_YEARS ago, one privacy.anonymised event per ticket; a
// customer who still has a ticket within retention keeps their details.
import { spawn } from "node:child_process";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attachments, customers, messages, notifications, ticketEvents, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { staffActor } from "~/auth/session.server";
import { ANONYMOUS_NAME, anonymiseExpired, REDACTED, retentionCutoff, retentionReport, retentionYears } from "~/privacy/retention.server";
import { createStaffMember } from "~/staff/staff.server";
import { closeTicket, createTicket, replyToCustomer, resolveTicket } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { useTestDatabase } from "../support/db";

const database = useTestDatabase();

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function intake(customer: TicketIntake["customer"], subject: string): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject,
    body: `${customer.name}입니다. 계좌 110-123-456789 관련 문의입니다.`,
    customer,
    callbackRequested: false,
    resolvedOnContact: false,
  };
}

async function closedTicket(customer: TicketIntake["customer"], subject: string, yearsAgo: number) {
  const agent = await createStaffMember({ email: `ret-${Math.random().toString(36).slice(2, 8)}@desk.test`, name: "상담", role: "agent" });
  const actor = staffActor({ ...agent, locale: "ko" });
  const created = await createTicket(intake(customer, subject), actor, {
    attachments: [
      { filename: `${customer.name}_신분증.png`, contentType: "image/png", data: PNG, size: PNG.length, sha256: "x".repeat(64) },
    ] as never,
  });
  await replyToCustomer(created.reference, { body: `${customer.name}님, 답변드립니다.`, via: "email" }, actor);
  await resolveTicket(created.reference, { answer: "처리했습니다." }, actor);
  await closeTicket(created.reference, actor);
  const closedAt = new Date(Date.now() - yearsAgo * 365.25 * 24 * 3600 * 1000);
  await db().update(tickets).set({ closedAt }).where(eq(tickets.id, created.id));
  return created;
}

describe("retention", () => {
  it("RETENTION_YEARS defaults to 5 and refuses nonsense", () => {
    expect(retentionYears({})).toBe(5);
    expect(retentionYears({ RETENTION_YEARS: "7" })).toBe(7);
    expect(() => retentionYears({ RETENTION_YEARS: "0" })).toThrow(/RETENTION_YEARS/);
    expect(() => retentionYears({ RETENTION_YEARS: "five" })).toThrow(/RETENTION_YEARS/);
    expect(retentionCutoff(new Date("2026-03-01T00:00:00Z"), 5).toISOString()).toBe("2021-03-01T00:00:00.000Z");
  });

  it("reports first, then anonymises only what is past retention, once", async () => {
    const old = await closedTicket({ name: "김옛날", email: "old@example.com", phone: "010-1111-2222" }, "오래된 문의", 6);
    const kept = await closedTicket({ name: "박최근", email: "recent@example.com" }, "최근 문의", 2);
    // This customer has an old closed ticket and an open one: their details are still needed.
    const sharedOld = await closedTicket({ name: "이공유", email: "shared@example.com" }, "공유 고객의 옛 문의", 7);
    const sharedOpen = await createTicket(intake({ name: "이공유", email: "shared@example.com" }, "공유 고객의 새 문의"), {
      kind: "customer",
    });

    const report = await retentionReport({ years: 5 });
    expect(report).toMatchObject({ years: 5, tickets: 2, customers: 1 });
    expect(report.messages).toBeGreaterThanOrEqual(6);
    expect(report.attachments).toBe(2);
    expect(report.attachmentBytes).toBe(2 * PNG.length);
    // The dry run changed nothing.
    const [stillThere] = await db().select().from(tickets).where(eq(tickets.id, old.id));
    expect(stillThere.subject).toBe("오래된 문의");

    const batches: number[] = [];
    const result = await anonymiseExpired({ years: 5, batchSize: 1, onBatch: (d) => batches.push(d.tickets) });
    expect(result).toMatchObject({ tickets: 2, customers: 1, attachments: 2, batches: 2 });
    expect(batches).toEqual([1, 2]);

    const rows = await db()
      .select()
      .from(tickets)
      .where(inArray(tickets.id, [old.id, kept.id, sharedOld.id, sharedOpen.id]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [old.id, sharedOld.id]) {
      expect(byId.get(id)).toMatchObject({ subject: REDACTED, body: REDACTED, trackingTokenHash: null, status: "closed" });
      const msgs = await db().select().from(messages).where(eq(messages.ticketId, id));
      expect(msgs.every((m) => m.body === REDACTED)).toBe(true);
      const files = await db().select().from(attachments).where(eq(attachments.ticketId, id));
      expect(files.map((f) => [f.size, f.data.length, f.filename])).toEqual([[0, 0, "deleted.png"]]);
      const sent = await db().select().from(notifications).where(eq(notifications.ticketId, id));
      expect(sent.every((n) => n.toAddress === null && JSON.stringify(n.payload).indexOf("@") === -1)).toBe(true);
      const events = await db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, id));
      expect(events.filter((e) => e.type === "privacy.anonymised")).toHaveLength(1);
    }
    expect(byId.get(kept.id)!.subject).toBe("최근 문의");
    expect(byId.get(sharedOpen.id)!.subject).toBe("공유 고객의 새 문의");

    const people = await db()
      .select()
      .from(customers)
      .where(
        inArray(
          customers.id,
          rows.map((r) => r.customerId),
        ),
      );
    const name = (id: string) => people.find((p) => p.id === byId.get(id)!.customerId)!;
    expect(name(old.id)).toMatchObject({ name: ANONYMOUS_NAME, email: null, phone: null });
    expect(name(kept.id)).toMatchObject({ name: "박최근", email: "recent@example.com" });
    expect(name(sharedOld.id)).toMatchObject({ name: "이공유", email: "shared@example.com" });

    expect(await anonymiseExpired({ years: 5 })).toMatchObject({ tickets: 0, batches: 0 });
    expect((await retentionReport({ years: 5 })).tickets).toBe(0);
  });

  it("npm run desk -- privacy:retention --dry-run prints the counts and changes nothing", async () => {
    await closedTicket({ name: "최명령", email: "cli@example.com" }, "명령줄 시험", 9);
    const run = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", "privacy:retention", ...args], {
          env: { ...process.env, DATABASE_URL: database.url() },
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
      });
    const dry = await run(["--dry-run"]);
    expect(dry).toMatch(/tickets to anonymise\s+1/);
    expect(dry).toMatch(/Dry run: nothing was changed/);
    const [{ n }] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(tickets)
      .where(eq(tickets.subject, "명령줄 시험"));
    expect(n).toBe(1);
    const real = await run(["--batch", "50"]);
    expect(real).toMatch(/tickets\s+1\s+\(each with a privacy.anonymised event\)/);
    const [{ m }] = await db()
      .select({ m: sql<number>`count(*)::int` })
      .from(tickets)
      .where(eq(tickets.subject, "명령줄 시험"));
    expect(m).toBe(0);
  }, 90_000);
});
