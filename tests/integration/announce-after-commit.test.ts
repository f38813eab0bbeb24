// ADR 0027: an autocommitted intake sends its live-update and outbox notices after its commit, not
// with it (a NOTIFY inside a transaction holds PostgreSQL's single NOTIFY lock through the commit's
// disk flush, so intakes queued behind each other). Each change is still announced exactly once,
// whichever path wrote it.
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, inTransaction } from "../../db/connection";
import { OUTBOX_CHANNEL, TICKET_CHANNEL } from "~/core/announce.server";
import { sweepOnce } from "~/sla/sweep.server";
import { createTicket } from "~/tickets/tickets.server";
import { intake } from "../support/intake";
import { useTestDatabase } from "../support/db";
import { waitFor } from "../support/wait";

const database = useTestDatabase();
const actor = { kind: "system" as const };

type Heard = { channel: string; payload: string };
let listener: postgres.Sql;
const heard: Heard[] = [];

beforeAll(async () => {
  listener = postgres(database.url(), { max: 1, onnotice: () => {} });
  for (const channel of [TICKET_CHANNEL, OUTBOX_CHANNEL]) await listener.listen(channel, (payload) => heard.push({ channel, payload }));
});
afterAll(async () => {
  await listener.end({ timeout: 5 });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ticketNotices = (id: string) => heard.filter((h) => h.channel === TICKET_CHANNEL && h.payload.includes(id));

describe("notices of an intake", () => {
  it("an autocommitted intake is announced once, after its commit, as the triggers would have", async () => {
    heard.length = 0;
    const created = await createTicket(intake({ subject: "자동 확정 접수" }), actor);
    await waitFor("the ticket's notice", async () => ticketNotices(created.id).length > 0, 5_000);
    await waitFor("the outbox wake-up", async () => heard.some((h) => h.channel === OUTBOX_CHANNEL), 5_000);
    await pause(500);
    const notices = ticketNotices(created.id);
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]!.payload)).toEqual({
      ticketId: created.id,
      reference: created.reference,
      teamId: null,
      assigneeId: null,
      kind: "ticket.created",
      actor: "system",
    });
  });

  it("an intake inside a caller's transaction is announced once, by the triggers at that commit", async () => {
    heard.length = 0;
    const created = await inTransaction(() => createTicket(intake({ subject: "거래 안의 접수" }), actor));
    await waitFor("the ticket's notice", async () => ticketNotices(created.id).length > 0, 5_000);
    await pause(500);
    expect(ticketNotices(created.id)).toHaveLength(1);
    expect(JSON.parse(ticketNotices(created.id)[0]!.payload)).toMatchObject({ kind: "ticket.created", reference: created.reference });
  });

  it("the history and outbox triggers stay quiet in a transaction that announces after its commit, and only then", async () => {
    const created = await inTransaction(() => createTicket(intake({ subject: "트리거 확인" }), actor));
    await pause(300);
    for (const after of [true, false]) {
      heard.length = 0;
      await db().transaction(async (tx) => {
        if (after) await tx.execute(sql`select set_config('desk.announce', 'after-commit', true)`);
        await tx.execute(
          sql`insert into ticket_events (ticket_id, type, actor, at, data) values (${created.id}, 'ticket.note_added', 'test', now(), '{}')`,
        );
        await tx.execute(sql`
          insert into notifications (id, dedupe_key, ticket_id, audience, channel, to_address, template, locale, payload, status)
          values (gen_random_uuid(), ${`announce-test:${after}`}, ${created.id}, 'customer', 'email', 'hong@example.com', 'acknowledgment', 'ko', '{}', 'queued')`);
      });
      await pause(500);
      expect({ after, ticket: ticketNotices(created.id).length, outbox: heard.filter((h) => h.channel === OUTBOX_CHANNEL).length }).toEqual(
        {
          after,
          ticket: after ? 0 : 1,
          outbox: after ? 0 : 1,
        },
      );
    }
  });

  it("a burst swept in lanes is announced after each lane batch's commit: one 'many changed' notice, no per-ticket notices", async () => {
    const receivedAt = new Date("2026-05-04T09:00:00+09:00");
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await createTicket(intake({ subject: `지연 ${i}`, receivedAt }), actor)).id);
    await pause(500);
    heard.length = 0;
    const result = await sweepOnce({ now: new Date("2026-05-20T10:00:00+09:00"), batchSize: 3 });
    expect(result.breached).toBeGreaterThan(8);
    await waitFor("the lanes' notices", async () => heard.some((h) => h.channel === TICKET_CHANNEL && h.payload.includes("bulk")), 5_000);
    await pause(500);
    const bulk = heard
      .filter((h) => h.channel === TICKET_CHANNEL && h.payload.includes("bulk"))
      .map((h) => JSON.parse(h.payload).bulk as number);
    const perTicket = new Set(
      heard.filter((h) => h.channel === TICKET_CHANNEL && !h.payload.includes("bulk")).map((h) => JSON.parse(h.payload).ticketId),
    );
    // The first batch of each kind (3 clocks) is announced by the triggers; the lanes' batches only by their bulk notice.
    expect(perTicket.size).toBeLessThan(ids.length);
    expect(bulk.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(heard.some((h) => h.channel === OUTBOX_CHANNEL)).toBe(true);
  });
});
