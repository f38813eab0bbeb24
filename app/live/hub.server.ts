// Live updates of the desk (ADR 0015). One LISTEN connection per web process receives what the
// database announces — a ticket's new history entries (trigger of migration 0037) and presence
// changes — and fans it out in memory to the process's open event streams (app/routes/desk.live.ts),
// each only the tickets its staff member may see. Presence (who has a ticket open) lives in the
// ticket_viewers table so that every process sees every viewer.
//
// State lives on globalThis: the Remix build's copy of this module (the stream route) and the
// entry point's copy (shutdown) must share it.
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import type { StaffRole } from "~/db/schema";
import { sqlClient } from "~/db/connection";
import { subjectCanAccess, type AccessSubject } from "~/core/access";
import { logError } from "~/core/log.server";
import { setting } from "~/config/env.server";
import { singleton } from "~/lib/process-global";
import { TICKET_CHANNEL } from "~/core/announce.server";

export { TICKET_CHANNEL };

export const PRESENCE_CHANNEL = "desk_presence";

/** Streams get a heartbeat, viewers are refreshed and the listener is checked this often. */
export const BEAT_MS = 15_000;
/** A viewer not refreshed for this long is gone (its process died without saying so). */
export const VIEWER_TTL_SECONDS = 45;
/** A self-sent check that does not come back within this long means the listener is lost. */
const PING_TIMEOUT_MS = 5_000;

/** What the trigger announces for one ticket (or, for a large statement, only how many changed). */
export type TicketNotice =
  { bulk: number } | { ticketId: string; reference: string; teamId: string | null; assigneeId: string | null; kind: string; actor: string };

/** What a stream receives. */
export type LiveEvent =
  | { type: "ticket"; reference: string; kind: string; by: LiveActor; self: boolean }
  | { type: "bulk" }
  | { type: "resync" }
  | { type: "presence"; viewers: Array<{ name: string }> };

/** Who made a change, as a person reads it (no internal labels). */
export type LiveActor = { kind: "staff"; name: string } | { kind: "integration"; name: string } | { kind: "customer" } | { kind: "system" };

export type LiveViewer = { id: string; email: string; name: string; role: StaffRole; teamId: string | null };

export type LiveClient = {
  readonly id: string;
  readonly viewer: LiveViewer;
  /** The ticket page's ticket, or null for the queue (every ticket the viewer may see). */
  readonly ticketId: string | null;
  send(event: LiveEvent): void;
  /** A comment line that keeps proxies from closing an idle stream. */
  beat(): void;
  close(): void;
};

/**
 * A web process's live-update hub: its LISTEN connection, its open streams, its viewers. One per
 * process (liveHub()); tests make several to stand for several processes.
 */
export class LiveHub {
  readonly clients = new Set<LiveClient>();
  private listener: postgres.Sql | null = null;
  private listenerUrl: string | null = null;
  private starting: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Outstanding self-checks of the listener: nonce → when sent. */
  private readonly pings = new Map<string, number>();
  /** Staff email (lower case) → name, for naming who acted. */
  private readonly names = new Map<string, { name: string | null; at: number }>();
  /** Last presence sent per ticket (JSON), so that unchanged lists are not sent again. */
  private readonly presence = new Map<string, string>();
  /**
   * This process's writes of its viewer rows, one after another. A stream's insert, the
   * heartbeat's refresh and a closed stream's delete would otherwise run on different pooled
   * connections in no fixed order, and an insert that overtook a delete left a viewer behind.
   */
  private viewerWrites: Promise<unknown> = Promise.resolve();
  /** How often the listener started listening (1 + re-listens after a lost connection). */
  listens = 0;

  constructor(private readonly options: { beatMs?: number; url?: () => string | undefined } = {}) {}

  // ---------------------------------------------------------------- subscribing

  /** Registers a stream; for a ticket page, also its viewer row. Resolves once the listener listens. */
  async subscribe(client: LiveClient): Promise<void> {
    this.clients.add(client);
    this.ensureTimer();
    try {
      await this.ensureListener();
    } catch (error) {
      // Closed while the listener connected: closing the last stream ended that connection
      // half-open. The stream is gone, so nothing failed for it.
      if (!this.clients.has(client)) return;
      throw error;
    }
    const ticketId = client.ticketId;
    if (!ticketId) return;
    const inserted = await this.writeViewers(async () => {
      // Closed meanwhile (its delete went first): nothing to insert.
      if (!this.clients.has(client)) return false;
      await sqlClient()`
        insert into ticket_viewers (viewer_id, ticket_id, staff_id, seen_at) values (${client.id}, ${ticketId}, ${client.viewer.id}, now())
        on conflict (viewer_id) do update set seen_at = now()`;
      return true;
    });
    if (!inserted) return;
    await announcePresence(ticketId);
    // This stream's own first list (the others hear of the join through the announcement).
    await this.sendPresence(ticketId, client);
  }

  private writeViewers<T>(write: () => Promise<T>): Promise<T> {
    const next = this.viewerWrites.then(write);
    this.viewerWrites = next.catch(() => undefined);
    return next;
  }

  /** Forgets a stream (closed by the browser or by shutdown); for a ticket page, its viewer row too. */
  async unsubscribe(client: LiveClient): Promise<void> {
    if (!this.clients.delete(client)) return;
    if (this.clients.size === 0) await this.stopListening();
    if (!client.ticketId) return;
    if (![...this.clients].some((c) => c.ticketId === client.ticketId)) this.presence.delete(client.ticketId);
    try {
      await this.writeViewers(() => sqlClient()`delete from ticket_viewers where viewer_id = ${client.id}`);
      await announcePresence(client.ticketId);
    } catch (error) {
      // The row expires by itself (VIEWER_TTL_SECONDS).
      logError("live: removing a viewer failed", error);
    }
  }

  /** Closes every stream (shutdown), which removes their viewer rows, and stops listening. */
  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.clients].map(async (c) => {
        c.close();
        await this.unsubscribe(c);
      }),
    );
    await this.stopListening();
  }

  // ---------------------------------------------------------------- the listener

  private ensureListener(): Promise<void> {
    const url = (this.options.url ?? (() => setting("DATABASE_URL")))();
    if (!url) return Promise.reject(new Error("DATABASE_URL is not set"));
    if (this.listener && this.listenerUrl === url) return this.starting ?? Promise.resolve();
    // A connection of its own (not the self-healing pool's, which is replaced after a loss):
    // postgres.js re-listens on the connection it owns; the self-check in beat() covers the rest.
    const listener = postgres(url, {
      max: 1,
      onnotice: () => {},
      fetch_types: false,
      connect_timeout: 10,
      connection: { application_name: LISTENER_APPLICATION_NAME },
    });
    this.listener = listener;
    this.listenerUrl = url;
    let first = true;
    const onlisten = () => {
      this.listens++;
      // Changes made while the connection was lost were never heard: every page reloads its data.
      if (!first) this.broadcast({ type: "resync" });
      first = false;
    };
    const starting = (async () => {
      await listener.listen(TICKET_CHANNEL, (payload) => void this.onTicketNotice(payload), onlisten);
      await listener.listen(PRESENCE_CHANNEL, (payload) => void this.onPresenceNotice(payload));
    })();
    this.starting = starting
      .catch((error) => {
        if (this.listener === listener) {
          this.listener = null;
          void listener.end({ timeout: 1 }).catch(() => {});
        }
        throw error;
      })
      .finally(() => {
        if (this.listener === listener) this.starting = null;
      });
    return this.starting;
  }

  private async stopListening(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    this.listenerUrl = null;
    this.starting = null;
    this.pings.clear();
    if (this.clients.size === 0) {
      this.presence.clear();
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    }
    if (listener) await listener.end({ timeout: 1 }).catch(() => {});
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.beat(), this.options.beatMs ?? BEAT_MS);
    this.timer.unref?.();
  }

  /**
   * Every beat: a heartbeat on every stream, this process's viewers marked as still there, the
   * viewers of dead processes dropped, and a check that the listener still hears the database (a
   * NOTIFY to itself; not back in time → a new listener, and every page reloads its data).
   */
  async beat(): Promise<void> {
    for (const c of this.clients) c.beat();
    if (this.clients.size === 0) return;
    try {
      const now = Date.now();
      const lost = [...this.pings.values()].some((sent) => now - sent > PING_TIMEOUT_MS);
      if (lost || !this.listener) {
        logError("live: the database listener stopped hearing notifications; listening again", new Error("listener lost"));
        await this.stopListening();
        await this.ensureListener();
        this.broadcast({ type: "resync" });
      }
      const nonce = randomUUID();
      this.pings.set(nonce, now);
      await sqlClient()`select pg_notify(${TICKET_CHANNEL}, ${JSON.stringify({ ping: nonce })})`;

      await this.writeViewers(async () => {
        // The streams open now: one closed later has its delete queued after this write.
        const viewers = [...this.clients].filter((c) => c.ticketId);
        if (viewers.length === 0) return;
        const rows = JSON.stringify(viewers.map((c) => ({ viewer_id: c.id, ticket_id: c.ticketId, staff_id: c.viewer.id })));
        await sqlClient()`
          insert into ticket_viewers (viewer_id, ticket_id, staff_id, seen_at)
          select x.viewer_id, x.ticket_id, x.staff_id, now() from jsonb_to_recordset(${rows}::jsonb) as x(viewer_id uuid, ticket_id uuid, staff_id uuid)
          on conflict (viewer_id) do update set seen_at = now()`;
      });
      const gone = await sqlClient()<{ ticket_id: string }[]>`
        delete from ticket_viewers where seen_at < now() - make_interval(secs => ${VIEWER_TTL_SECONDS}) returning ticket_id`;
      for (const ticketId of new Set(gone.map((g) => g.ticket_id))) await announcePresence(ticketId);
    } catch (error) {
      logError("live: the heartbeat failed", error);
    }
  }

  // ---------------------------------------------------------------- fan-out

  private broadcast(event: LiveEvent): void {
    for (const c of this.clients) c.send(event);
  }

  private async onTicketNotice(payload: string): Promise<void> {
    const notice = parseTicketNotice(payload);
    if (!notice) return;
    if ("ping" in notice) {
      this.pings.delete(notice.ping);
      return;
    }
    if ("bulk" in notice) {
      // Which tickets is not said: every page reloads quietly (a sweep batch, a recomputation).
      this.broadcast({ type: "bulk" });
      return;
    }
    try {
      const by = await this.actorOf(notice.actor);
      for (const c of this.clients) {
        if (c.ticketId !== null && c.ticketId !== notice.ticketId) continue;
        if (!subjectCanAccess(subjectOf(c.viewer), notice)) continue;
        const self = notice.actor.toLowerCase() === `staff:${c.viewer.email.toLowerCase()}`;
        c.send({ type: "ticket", reference: notice.reference, kind: notice.kind, by, self });
      }
    } catch (error) {
      logError("live: fanning out a ticket change failed", error);
    }
  }

  /** "staff:agent1@desk.example" → the staff member's name; integrations by their token's name. */
  private async actorOf(label: string): Promise<LiveActor> {
    const [kind, ...rest] = label.split(":");
    const detail = rest.join(":");
    if (kind === "customer") return { kind: "customer" };
    if (kind === "token") return { kind: "integration", name: detail };
    if (kind !== "staff") return { kind: "system" };
    const email = detail.toLowerCase();
    const known = this.names.get(email);
    if (known && Date.now() - known.at < NAME_TTL_MS) return known.name ? { kind: "staff", name: known.name } : { kind: "system" };
    const [row] = await sqlClient()<{ name: string }[]>`select name from staff where lower(email) = ${email} limit 1`;
    if (this.names.size > 1_000) this.names.clear();
    this.names.set(email, { name: row?.name ?? null, at: Date.now() });
    return row ? { kind: "staff", name: row.name } : { kind: "system" };
  }

  // ---------------------------------------------------------------- presence

  private async onPresenceNotice(ticketId: string): Promise<void> {
    if (![...this.clients].some((c) => c.ticketId === ticketId)) return;
    try {
      await this.sendPresence(ticketId);
    } catch (error) {
      logError("live: reading a ticket's viewers failed", error);
    }
  }

  /** The other staff members with the ticket open, to this hub's streams on it (or to `only`). */
  private async sendPresence(ticketId: string, only?: LiveClient): Promise<void> {
    const rows = await currentViewers(ticketId);
    const key = JSON.stringify(rows);
    if (!only) {
      if (this.presence.get(ticketId) === key) return;
      this.presence.set(ticketId, key);
    }
    for (const c of only ? [only] : this.clients) {
      if (c.ticketId !== ticketId) continue;
      c.send({ type: "presence", viewers: rows.filter((r) => r.staffId !== c.viewer.id).map((r) => ({ name: r.name })) });
    }
  }
}

const NAME_TTL_MS = 10 * 60_000;
export const LISTENER_APPLICATION_NAME = "service-standards-desk-live";

function subjectOf(viewer: LiveViewer): AccessSubject {
  return { role: viewer.role, staffId: viewer.id, teamId: viewer.teamId };
}

export function parseTicketNotice(payload: string): TicketNotice | { ping: string } | null {
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    if (typeof value.ping === "string") return { ping: value.ping };
    if (typeof value.bulk === "number") return { bulk: value.bulk };
    if (
      typeof value.ticketId !== "string" ||
      typeof value.reference !== "string" ||
      typeof value.kind !== "string" ||
      typeof value.actor !== "string"
    )
      return null;
    const id = (v: unknown) => (typeof v === "string" ? v : null);
    return {
      ticketId: value.ticketId,
      reference: value.reference,
      teamId: id(value.teamId),
      assigneeId: id(value.assigneeId),
      kind: value.kind,
      actor: value.actor,
    };
  } catch {
    return null;
  }
}

async function announcePresence(ticketId: string): Promise<void> {
  await sqlClient()`select pg_notify(${PRESENCE_CHANNEL}, ${ticketId})`;
}

/** Staff with the ticket open now (seen within the TTL), each once, by name. */
export async function currentViewers(ticketId: string): Promise<Array<{ staffId: string; name: string }>> {
  const rows = await sqlClient()<{ staff_id: string; name: string }[]>`
    select s.id as staff_id, s.name from staff s
    where s.id in (
      select staff_id from ticket_viewers
      where ticket_id = ${ticketId} and seen_at >= now() - make_interval(secs => ${VIEWER_TTL_SECONDS})
    )
    order by s.name, s.id`;
  return rows.map((r) => ({ staffId: r.staff_id, name: r.name }));
}

export function newViewerId(): string {
  return randomUUID();
}

/** This process's hub (on globalThis: the Remix build's copy and the entry point's share it). */
export function liveHub(): LiveHub {
  return singleton("liveHub", () => new LiveHub());
}
