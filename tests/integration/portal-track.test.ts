// Issue 21, the track page's remaining parts against a real database: the 접수 → 처리 중 → 답변 완료
// progress, the requested reply date, the customer's own documents as downloads (only with the
// track page's access), and the guarantee claim (which promise, what happened, when it will be
// answered, refused before any promise could have been broken).
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attachments, guaranteeCases } from "../../db/schema";
import { db } from "../../db/connection";
import { staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import type { CheckedAttachment } from "~/tickets/attachments.server";
import type { TicketIntake } from "~/tickets/schemas";
import { assignTicket, createTicket, getTicketDetail, resolveTicket } from "~/tickets/tickets.server";
import { progressStep } from "~/portal/portal.server";
import { action as trackAction, loader as trackLoader } from "~/routes/track.$reference";
import { loader as fileLoader } from "~/routes/track_.$reference.files.$attachmentId";
import { useTestDatabase } from "../support/db";
import { atTime } from "../support/clock";

useTestDatabase();

type Outcome = { status: number; headers: Headers; body?: any; bytes?: Uint8Array };

async function run(fn: (args: any) => Promise<unknown> | unknown, request: Request, params: Record<string, string> = {}): Promise<Outcome> {
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response)
      return { status: result.status, headers: result.headers, bytes: new Uint8Array(await result.arrayBuffer()) };
    const r = result as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } | null };
    if (r && r.type === "DataWithResponseInit")
      return { status: r.init?.status ?? 200, headers: new Headers(r.init?.headers), body: r.data };
    return { status: 200, headers: new Headers(), body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers };
    throw thrown;
  }
}

const get = (path: string, cookie?: string) => new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
function post(path: string, fields: Record<string, string>, cookie: string): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

let seq = 0;
function intake(extra: Partial<TicketIntake> = {}): TicketIntake {
  seq += 1;
  return {
    channel: "web",
    category: "general",
    subject: `카드 해지 문의 ${seq}`,
    body: "해지 처리 상황을 알고 싶습니다.",
    customer: { name: "조회인", email: `track${seq}@example.com` },
    callbackRequested: false,
    resolvedOnContact: false,
    ...extra,
  };
}

function pdf(name: string, text: string): CheckedAttachment {
  const data = Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
  return {
    filename: name,
    contentType: "application/pdf",
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
    data,
  };
}

async function open(reference: string, token: string): Promise<string> {
  const opened = await run(trackLoader, get(`/track/${reference}?t=${token}`), { reference });
  expect(opened.status).toBe(303);
  return opened.headers.get("Set-Cookie")!.split(";")[0];
}

async function agent(email: string) {
  const row = await createStaffMember({ email, name: "김담당", role: "agent", team: "complaints-1", password: "pw-123456789" });
  return { row, actor: staffActor({ ...row, locale: "ko" }) };
}

describe("track page: progress and the requested reply date", () => {
  it("marks the current step of 접수 → 처리 중 → 답변 완료 as the ticket moves", async () => {
    expect(["new", "open", "waiting", "resolved", "closed"].map(progressStep)).toEqual([
      "received",
      "working",
      "working",
      "answered",
      "answered",
    ]);
    const { actor } = await agent("progress@desk.kr");
    const created = await createTicket(intake({ requestedReplyBy: "2099-12-30" }), { kind: "customer" });
    const cookie = await open(created.reference, created.trackingToken);
    const first = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
    expect(first.body.view).toMatchObject({ step: "received", requestedReplyBy: "2099-12-30" });
    await assignTicket(created.reference, "progress@desk.kr", actor);
    const working = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
    expect(working.body.view.step).toBe("working");
    await resolveTicket(created.reference, { answer: "해지되었습니다." }, actor);
    const answered = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
    expect(answered.body.view.step).toBe("answered");
  });

  it("has no requested date when the customer gave none", async () => {
    const created = await createTicket(intake(), { kind: "customer" });
    const cookie = await open(created.reference, created.trackingToken);
    const page = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
    expect(page.body.view.requestedReplyBy).toBeNull();
  });
});

describe("track page: the customer's own documents", () => {
  it("lists them with links that download only with the page's access; staff uploads and other tickets' files are not served", async () => {
    const { row } = await agent("files@desk.kr");
    const created = await createTicket(intake(), { kind: "customer" }, { attachments: [pdf("해지신청서.pdf", "mine")] });
    const other = await createTicket(intake(), { kind: "customer" }, { attachments: [pdf("other.pdf", "not mine")] });
    const detail = await getTicketDetail(created.reference);
    const [staffFile] = await db()
      .insert(attachments)
      .values({ ticketId: detail!.ticket.id, ...pdf("내부검토.pdf", "internal"), uploadedById: row.id })
      .returning({ id: attachments.id });
    const cookie = await open(created.reference, created.trackingToken);
    const page = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
    const docs = page.body.view.documents as Array<{ id: string; filename: string }>;
    expect(docs.map((d) => d.filename)).toEqual(["해지신청서.pdf"]);
    expect(page.body.view.messages[0].files).toEqual([expect.objectContaining({ id: docs[0].id, filename: "해지신청서.pdf" })]);

    const path = `/track/${created.reference}/files/${docs[0].id}`;
    const params = { reference: created.reference, attachmentId: docs[0].id };
    const ok = await run(fileLoader, get(path, cookie), params);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(ok.headers.get("Content-Disposition")).toContain(encodeURIComponent("해지신청서.pdf"));
    expect(new TextDecoder().decode(ok.bytes)).toContain("mine");

    // Without the grant: to the code page, nothing served.
    const noAccess = await run(fileLoader, get(path), params);
    expect(noAccess.status).toBe(302);
    expect(noAccess.headers.get("Location")).toMatch(/^\/lookup\?/);
    // A staff upload of the same ticket, and another ticket's file: the same 404.
    expect(
      (
        await run(fileLoader, get(`/track/${created.reference}/files/${staffFile.id}`, cookie), {
          reference: created.reference,
          attachmentId: staffFile.id,
        })
      ).status,
    ).toBe(404);
    const otherDetail = await getTicketDetail(other.reference);
    const otherId = otherDetail!.attachments[0].id;
    expect(
      (
        await run(fileLoader, get(`/track/${created.reference}/files/${otherId}`, cookie), {
          reference: created.reference,
          attachmentId: otherId,
        })
      ).status,
    ).toBe(404);
    // The grant of one ticket does not open another's files.
    expect(
      (
        await run(fileLoader, get(`/track/${other.reference}/files/${otherId}`, cookie), {
          reference: other.reference,
          attachmentId: otherId,
        })
      ).status,
    ).toBe(302);
  });
});

describe("track page: the guarantee claim", () => {
  it("refuses a claim right after filing, explaining that no promise could have been broken yet and naming the nearest deadline", async () => {
    const created = await createTicket(intake(), { kind: "customer" });
    const cookie = await open(created.reference, created.trackingToken);
    const page = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
    expect(page.body.view.claim).toMatchObject({ ok: false });
    expect(page.body.view.claim.firstDueAt).toBeTruthy();
    const claim = await run(
      trackAction,
      post(`/track/${created.reference}`, { intent: "claim", promise: "reply_deadline", note: "답이 없어요" }, cookie),
      { reference: created.reference },
    );
    expect(claim.status).toBe(409);
    expect(claim.body.formError).toMatch(
      /^아직 약속드린 기한이 지나지 않아 서비스 보증을 신청하실 수 없습니다\. 가장 가까운 기한은 \d+월 \d+일\(.\) \d+시( \d+분)?입니다\./,
    );
    expect(claim.body.values.note).toBe("답이 없어요");
    const detail = await getTicketDetail(created.reference);
    expect(await db().select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, detail!.ticket.id))).toHaveLength(0);
  });

  it("asks which promise and what happened (no empty claim), records both, and says by when it will be answered", async () => {
    const filedAt = new Date("2026-12-01T10:00:00+09:00"); // Tuesday
    const created = await atTime(filedAt, () => createTicket(intake(), { kind: "customer" }));
    // Two days on, no answer: the first-reply promise (1 working day) is broken.
    await atTime(new Date("2026-12-03T11:00:00+09:00"), async () => {
      const cookie = await open(created.reference, created.trackingToken);
      const page = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
      expect(page.body.view.claim).toEqual({ ok: true });

      const empty = await run(trackAction, post(`/track/${created.reference}`, { intent: "claim", note: "   " }, cookie), {
        reference: created.reference,
      });
      expect(empty.status).toBe(422);
      expect(Object.keys(empty.body.errors).sort()).toEqual(["note", "promise"]);
      expect(empty.body.errors.note).toBe("필수 입력 항목입니다.");

      const claim = await run(
        trackAction,
        post(
          `/track/${created.reference}`,
          { intent: "claim", promise: "reply_deadline", note: "하루 안에 답한다더니 연락이 없습니다." },
          cookie,
        ),
        { reference: created.reference },
      );
      expect(claim.status).toBe(303);
      expect(claim.headers.get("Location")).toBe(`/track/${created.reference}?done=claim#done`);
      const detail = await getTicketDetail(created.reference);
      const [gcase] = await db().select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, detail!.ticket.id));
      expect(gcase.triggers.find((t) => t.kind === "claim")).toMatchObject({
        kind: "claim",
        promise: "reply_deadline",
        note: "하루 안에 답한다더니 연락이 없습니다.",
      });
      const after = await run(trackLoader, get(`/track/${created.reference}?done=claim`, cookie), { reference: created.reference });
      // The fact-check clock's due date, which the done notice and the case put in words.
      expect(after.body.view.guaranteeCases[0].factCheckDueAt).toBeTruthy();
      expect(new Date(after.body.view.guaranteeCases[0].factCheckDueAt).getTime()).toBeGreaterThan(Date.now());
    });
  });
});
