// Live updates over PostgreSQL LISTEN/NOTIFY (ADR 0015), on a real server: two hubs stand for two
// web processes, each with its own LISTEN connection. A change reaches the streams of both, each
// stream only the tickets its staff member may see; presence crosses processes; closing cleans up;
// a lost listener connection listens again and tells the pages to reload.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { db, sqlClient } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { loader as liveLoader } from "~/routes/desk.live";
import {
  currentViewers,
  LISTENER_APPLICATION_NAME,
  LiveHub,
  liveHub,
  newViewerId,
  VIEWER_TTL_SECONDS,
  type LiveClient,
  type LiveEvent,
  type LiveViewer,
} from "~/live/hub.server";
import { createStaffMember } from "~/staff/staff.server";
import { appendEvents } from "~/core/events.server";
import type { TicketIntake } from "~/tickets/schemas";
import { addInternalNote, assignTicket, createTicket } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";
import { thrown } from "../support/route-calls";
import { waitFor } from "../support/wait";

const database = useTestDatabase();

const hubs: LiveHub[] = [];
function newHub(): LiveHub {
  const hub = new LiveHub({ beatMs: 60_000 });
  hubs.push(hub);
  return hub;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.closeAll()));
});

type Probe = { client: LiveClient; events: LiveEvent[]; closed: () => boolean };
function stream(viewer: LiveViewer, ticketId: string | null = null): Probe {
  const events: LiveEvent[] = [];
  let closed = false;
  const client: LiveClient = {
    id: newViewerId(),
    viewer,
    ticketId,
    send: (e) => events.push(e),
    beat: () => {},
    close: () => (closed = true),
  };
  return { client, events, closed: () => closed };
}

const ticketEvents = (p: Probe) => p.events.filter((e): e is Extract<LiveEvent, { type: "ticket" }> => e.type === "ticket");
const lastPresence = (p: Probe) =>
  [...p.events].reverse().find((e): e is Extract<LiveEvent, { type: "presence" }> => e.type === "presence");

function intake(subject: string): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject,
    body: "내용",
    customer: { name: "홍길동", email: "hong@example.com" },
    callbackRequested: false,
    resolvedOnContact: false,
  };
}

let people: Awaited<ReturnType<typeof makePeople>> | undefined;
async function makePeople() {
  const one = await createStaffMember({ email: "one@live.test", name: "김하늘", role: "agent", team: "live-1", password: "pw-123456789" });
  const two = await createStaffMember({ email: "two@live.test", name: "한지민", role: "agent", team: "live-2", password: "pw-123456789" });
  const boss = await createStaffMember({ email: "boss@live.test", name: "박민수", role: "manager", password: "pw-123456789" });
  const viewer = (s: typeof one): LiveViewer => ({ id: s.id, email: s.email, name: s.name, role: s.role, teamId: s.teamId });
  return { one: { ...viewer(one), actor: staffActor({ ...one, locale: "ko" }) }, two: viewer(two), boss: viewer(boss) };
}
const staffOf = async () => (people ??= await makePeople());

describe("live updates across processes", () => {
  it("reaches the streams of both processes, each only with tickets its staff member may see", async () => {
    const { one, two, boss } = await staffOf();
    const [a, b] = [newHub(), newHub()];
    const oneQueue = stream(one);
    const twoQueue = stream(two);
    const bossQueue = stream(boss);
    await a.subscribe(oneQueue.client);
    await b.subscribe(twoQueue.client);
    await b.subscribe(bossQueue.client);

    // Not yet routed to a team: every staff member may pick it up, so every queue hears of it.
    const created = await createTicket(intake("실시간 1"), { kind: "customer" });
    for (const p of [oneQueue, twoQueue, bossQueue]) {
      await waitFor(
        "the new ticket on every queue",
        async () => ticketEvents(p).find((e) => e.reference === created.reference && e.kind === "ticket.created"),
        10_000,
      );
    }
    const heard = ticketEvents(bossQueue).find((e) => e.reference === created.reference)!;
    expect(heard).toMatchObject({ by: { kind: "customer" }, self: false });

    // Assigned within team live-1: its agent and the manager hear of it; the other team's agent not.
    await assignTicket(created.reference, one.email, one.actor);
    await waitFor(
      "the assignment on the manager's queue",
      async () => ticketEvents(bossQueue).find((e) => e.kind === "ticket.assigned"),
      10_000,
    );
    const assigned = await waitFor(
      "the assignment on the agent's queue",
      async () => ticketEvents(oneQueue).find((e) => e.kind === "ticket.assigned"),
      10_000,
    );
    expect(assigned).toMatchObject({ reference: created.reference, by: { kind: "staff", name: "김하늘" }, self: true });
    expect(ticketEvents(bossQueue).find((e) => e.kind === "ticket.assigned")).toMatchObject({
      by: { kind: "staff", name: "김하늘" },
      self: false,
    });
    // Same notice, same hub, same loop as the manager's: had it been sent, it would be there.
    expect(ticketEvents(twoQueue).filter((e) => e.kind === "ticket.assigned")).toEqual([]);
    // Nothing a stream carries names a person by an internal label.
    expect(JSON.stringify([...oneQueue.events, ...bossQueue.events])).not.toMatch(/staff:|@live\.test/);
  });

  it("a ticket page's stream hears of its ticket only", async () => {
    const { one } = await staffOf();
    const hub = newHub();
    const mine = await createTicket(intake("이 문의"), { kind: "customer" });
    const other = await createTicket(intake("다른 문의"), { kind: "customer" });
    const page = stream(one, mine.id);
    await hub.subscribe(page.client);
    await addInternalNote(other.reference, { body: "다른 문의 메모" }, one.actor);
    await addInternalNote(mine.reference, { body: "이 문의 메모" }, one.actor);
    await waitFor("the note on this ticket", async () => ticketEvents(page).find((e) => e.kind === "note.added"), 10_000);
    expect(ticketEvents(page).map((e) => e.reference)).toEqual([mine.reference]);
  });

  it("a statement changing many tickets sends one notice that every page reloads on", async () => {
    const { two } = await staffOf();
    const hub = newHub();
    const queue = stream(two);
    await hub.subscribe(queue.client);
    const many: Array<{ id: string; reference: string }> = [];
    for (let i = 0; i < 21; i++) many.push(await createTicket(intake(`일괄 ${i}`), { kind: "customer" }));
    await waitFor("the last intake heard", async () => ticketEvents(queue).find((e) => e.reference === many[20].reference), 10_000);
    const before = queue.events.length;
    await appendEvents(
      db(),
      many.map((t) => ({ ticketId: t.id, type: "sla.recomputed", actor: "system:sla", at: new Date(), data: {} })),
    );
    await waitFor("the bulk notice", async () => queue.events.slice(before).find((e) => e.type === "bulk"), 10_000);
    expect(queue.events.slice(before).filter((e) => e.type === "ticket")).toEqual([]);
  });

  it("presence crosses processes, and leaving (or a dead process's silence) clears it", async () => {
    const { one, boss } = await staffOf();
    const [a, b] = [newHub(), newHub()];
    const ticket = await createTicket(intake("함께 보기"), { kind: "customer" });
    const onePage = stream(one, ticket.id);
    const bossPage = stream(boss, ticket.id);
    await a.subscribe(onePage.client);
    expect(lastPresence(onePage)?.viewers).toEqual([]);
    await b.subscribe(bossPage.client);
    expect(lastPresence(bossPage)?.viewers).toEqual([{ name: "김하늘" }]);
    await waitFor("the manager seen from the other process", async () => lastPresence(onePage)?.viewers.length === 1, 10_000);
    expect(lastPresence(onePage)?.viewers).toEqual([{ name: "박민수" }]);

    await b.unsubscribe(bossPage.client);
    await waitFor("the manager gone", async () => lastPresence(onePage)?.viewers.length === 0, 10_000);
    expect(await currentViewers(ticket.id)).toEqual([expect.objectContaining({ name: "김하늘" })]);

    // A process that died left its viewer behind, unrefreshed: it no longer counts, and the next
    // beat of a living process removes it and tells the pages.
    await sqlClient()`insert into ticket_viewers (viewer_id, ticket_id, staff_id, seen_at)
      values (${newViewerId()}, ${ticket.id}, ${boss.id}, now() - make_interval(secs => ${VIEWER_TTL_SECONDS + 5}))`;
    expect((await currentViewers(ticket.id)).map((v) => v.name)).toEqual(["김하늘"]);
    await a.beat();
    const [{ n }] = await sqlClient()<{ n: number }[]>`select count(*)::int as n from ticket_viewers where ticket_id = ${ticket.id}`;
    expect(n).toBe(1);

    await a.unsubscribe(onePage.client);
    const [{ left }] = await sqlClient()<{ left: number }[]>`select count(*)::int as left from ticket_viewers`;
    expect(left).toBe(0);
  });

  it("a stream closed while it is still registering leaves no viewer behind, whenever it closes", async () => {
    // A browser that leaves a page right after opening it aborts the stream mid-subscribe; the
    // viewer row must not outlive it (it would show the staff member as present until it expired).
    const { one, boss } = await staffOf();
    const [a, b] = [newHub(), newHub()];
    const ticket = await createTicket(intake("바로 떠나기"), { kind: "customer" });
    const bossPage = stream(boss, ticket.id);
    await b.subscribe(bossPage.client);
    // The leaver's process keeps other streams open (its listener stays up), as a real one does.
    await a.subscribe(stream(one).client);
    for (const delayMs of [0, 0, 1, 2, 3, 5, 8, 13, 20]) {
      const page = stream(one, ticket.id);
      const subscribing = a.subscribe(page.client).catch(() => undefined);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      await Promise.all([a.unsubscribe(page.client), subscribing]);
      const rows = await sqlClient()<{ n: number }[]>`select count(*)::int as n from ticket_viewers where staff_id = ${one.id}`;
      expect({ delayMs, rows: rows[0].n }).toEqual({ delayMs, rows: 0 });
      await waitFor("the leaver gone from the other page", async () => lastPresence(bossPage)?.viewers.length === 0, 10_000);
    }
  });

  it("a process's only stream closed while its listener still connects settles quietly (nothing to log as failed)", async () => {
    // The first page of a process opens the LISTEN connection; a browser that leaves at once
    // closes the stream, which ends that connection half-open. The stream is gone: its opening
    // has not failed, and no error may be logged for it.
    const { one } = await staffOf();
    for (const delayMs of [0, 0, 1, 2, 3, 5, 8, 13]) {
      const hub = newHub();
      const page = stream(one);
      const subscribing = hub.subscribe(page.client).then(
        () => "settled",
        (error: Error) => `failed: ${error.message}`,
      );
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      await hub.unsubscribe(page.client);
      expect({ delayMs, outcome: await subscribing }).toEqual({ delayMs, outcome: "settled" });
    }
  });

  it("a stream closed while a heartbeat refreshes the viewers leaves no viewer behind", async () => {
    // The heartbeat re-inserts its streams' viewer rows on a pooled connection while the page's
    // unsubscribe deletes on another: a row deleted before the heartbeat's insert ran came back,
    // and showed the staff member as present until it expired (live.spec). Here the heartbeat's
    // write waits on the row, the unsubscribe starts, and the row is deleted before the write goes on.
    const { one } = await staffOf();
    const hub = newHub();
    const ticket = await createTicket(intake("하트비트 중 떠나기"), { kind: "customer" });
    const page = stream(one, ticket.id);
    await hub.subscribe(page.client);
    const other = postgres(database.url(), { max: 2, onnotice: () => {} });
    const waiting = async (statement: string) => {
      const [{ n }] = await other<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query ilike ${`%${statement} ticket_viewers%`}`;
      return n > 0;
    };
    try {
      const held = await other.reserve();
      await held`begin`;
      await held`select 1 from ticket_viewers where viewer_id = ${page.client.id} for update`;
      const beating = hub.beat();
      await waitFor("the heartbeat's write waiting on the row", () => waiting("insert into"), 10_000);
      const leaving = hub.unsubscribe(page.client);
      await held`delete from ticket_viewers where viewer_id = ${page.client.id}`;
      await held`commit`;
      held.release();
      await Promise.all([beating, leaving]);
      const [{ n }] = await sqlClient()<{ n: number }[]>`select count(*)::int as n from ticket_viewers where viewer_id = ${page.client.id}`;
      expect(n).toBe(0);
    } finally {
      await other.end({ timeout: 5 });
    }
  });

  it("closing the last stream stops listening; closing all ends the streams", async () => {
    const { one } = await staffOf();
    const hub = newHub();
    const listeners = async () => {
      const [{ n }] = await sqlClient()<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`;
      return n;
    };
    const first = stream(one);
    const second = stream(one);
    await hub.subscribe(first.client);
    await hub.subscribe(second.client);
    expect(await listeners()).toBe(1); // one LISTEN connection per process, however many streams
    await hub.unsubscribe(first.client);
    expect(await listeners()).toBe(1);
    await hub.closeAll();
    expect(second.closed()).toBe(true);
    expect(hub.clients.size).toBe(0);
    await waitFor("the listener connection closed", async () => (await listeners()) === 0, 10_000);
  });

  it("listens again after losing its connection, and tells the pages to reload", async () => {
    const { boss } = await staffOf();
    const hub = newHub();
    const queue = stream(boss);
    await hub.subscribe(queue.client);
    expect(hub.listens).toBe(1);
    await db().execute(sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`);
    await waitFor("listening again", async () => hub.listens >= 2, 15_000);
    await waitFor("the pages told to reload", async () => queue.events.find((e) => e.type === "resync"), 5_000);
    const after = await createTicket(intake("재연결 후"), { kind: "customer" });
    await waitFor("a change after the loss", async () => ticketEvents(queue).find((e) => e.reference === after.reference), 10_000);
  });
});

describe("the stream route", () => {
  const BASE = "http://desk.test";
  it("is for signed-in staff, checks the ticket's access, streams events and lets go when the browser leaves", async () => {
    const { one, two } = await staffOf();
    const anonymous = await thrown(liveLoader({ request: new Request(`${BASE}/desk/live`), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);

    const ticket = await createTicket(intake("스트림"), { kind: "customer" });
    await assignTicket(ticket.reference, one.email, one.actor); // team live-1 now
    const cookie = (await startSession(new Request(BASE), two.id)).split(";")[0];
    const forbidden = await thrown(
      liveLoader({
        request: new Request(`${BASE}/desk/live?ticket=${ticket.reference}`, { headers: { Cookie: cookie } }),
        params: {},
        context: {},
      }),
    );
    expect(forbidden.status).toBe(403);
    const unknown = await thrown(
      liveLoader({
        request: new Request(`${BASE}/desk/live?ticket=000000-0000`, { headers: { Cookie: cookie } }),
        params: {},
        context: {},
      }),
    );
    expect(unknown.status).toBe(404);

    const oneCookie = (await startSession(new Request(BASE), one.id)).split(";")[0];
    const browser = new AbortController();
    const response = (await liveLoader({
      request: new Request(`${BASE}/desk/live?ticket=${ticket.reference}`, { headers: { Cookie: oneCookie }, signal: browser.signal }),
      params: {},
      context: {},
    })) as Response;
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = response.body!.getReader();
    let text = "";
    const decoder = new TextDecoder();
    while (!text.includes("event: presence")) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('"viewers":[]');
    expect(await currentViewers(ticket.id)).toHaveLength(1);
    await addInternalNote(ticket.reference, { body: "메모" }, staffActor({ ...(await staffOf()).boss, locale: "ko" }));
    while (!text.includes("event: ticket")) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('"kind":"note.added"');
    expect(text).toContain('"name":"박민수"');

    browser.abort();
    await waitFor("the stream let go", async () => liveHub().clients.size === 0 && (await currentViewers(ticket.id)).length === 0, 5_000);
    expect((await reader.read()).done).toBe(true);
  });
});
