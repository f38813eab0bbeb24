// The staff desk's loaders and actions, called the way Remix calls them: a Request with the
// session cookie of a signed-in staff member, against a real database.
import { describe, expect, it } from "vitest";
import { startSession, staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { assignTicket, createTicket, getTicketDetail, resolveTicket } from "~/tickets/tickets.server";
import { loader as queueLoader } from "~/routes/desk._index";
import { action as ticketAction, loader as ticketLoader } from "~/routes/desk.tickets.$reference";
import { loader as downloadLoader } from "~/routes/desk.tickets.$reference.attachments.$attachmentId";
import { contentDisposition } from "~/lib/download.server";
import { actorName, describeEvent, staffNames } from "~/desk/history";
import { allowedIntents } from "~/tickets/constants";
import { translator } from "~/i18n/i18n";
import { kstDate } from "~/lib/time";
import { useTestDatabase } from "../support/db";
import { intake } from "../support/intake";
import { asData, call, thrown } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";
const notSla = (type: string) => !type.startsWith("sla.");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

async function setup() {
  const agent = await createStaffMember({
    email: "agent@desk.test",
    name: "김하늘",
    role: "agent",
    team: "complaints-1",
    password: "pw-123456789",
  });
  const other = await createStaffMember({
    email: "other@desk.test",
    name: "이도윤",
    role: "agent",
    team: "complaints-1",
    password: "pw-123456789",
  });
  const setCookie = await startSession(new Request(BASE), agent.id);
  const cookie = setCookie.split(";")[0];
  const get = (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
  const post = (path: string, fields: Record<string, string> | FormData) => {
    const body = fields instanceof FormData ? fields : new URLSearchParams(fields);
    return new Request(`${BASE}${path}`, { method: "POST", body, headers: { Cookie: cookie } });
  };
  return { agent, other, actor: staffActor({ ...agent, locale: "ko" }), get, post };
}

let ctx: Awaited<ReturnType<typeof setup>>;
async function context() {
  ctx ??= await setup();
  return ctx;
}

describe("desk queues", () => {
  it("sends a visitor without a session to the login page", async () => {
    const response = await thrown(call(queueLoader, new Request(`${BASE}/desk?tab=team`)));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/desk?tab=team")}`);
  });

  it("shows my work, my team's unassigned work, all active and waiting tickets", async () => {
    const { get, actor } = await context();
    const mine = await createTicket(intake({ subject: "내 업무 문의" }), actor);
    await assignTicket(mine.reference, "agent@desk.test", actor);
    const unassigned = await createTicket(intake({ subject: "미배정 문의" }), actor);
    const done = await createTicket(intake({ subject: "완료된 문의" }), actor);
    await assignTicket(done.reference, "agent@desk.test", actor);
    await resolveTicket(done.reference, { answer: "처리했습니다" }, actor);

    const refs = async (path: string) => (await call(queueLoader, get(path))).rows.map((r) => r.reference);
    expect(await refs("/desk")).toEqual([mine.reference]);
    // The unassigned ticket has no team yet: "unassigned" offers it to every team; "team" is my team's active work.
    expect(await refs("/desk?tab=unassigned")).toEqual([unassigned.reference]);
    expect(await refs("/desk?tab=team")).toEqual([mine.reference]);
    expect(await refs("/desk?tab=active")).toEqual(expect.arrayContaining([mine.reference, unassigned.reference]));
    expect(await refs("/desk?tab=active")).not.toContain(done.reference);
    expect(await refs("/desk?tab=mine&status=resolved")).toEqual([done.reference]);
    expect(await refs("/desk?tab=waiting")).toEqual([]);
  });

  it("searches every queue by reference, name and phone", async () => {
    const { get, actor } = await context();
    const t = await createTicket(intake({ channel: "phone", customer: { name: "박검색", phone: "010-9876-5432" } }), actor);
    await assignTicket(t.reference, "other@desk.test", actor);
    await resolveTicket(t.reference, { answer: "끝" }, actor);
    for (const q of [t.reference, "박검색", "9876-5432"]) {
      const data = await call(queueLoader, get(`/desk?tab=mine&q=${encodeURIComponent(q)}`));
      expect(data.rows.map((r) => r.reference)).toEqual([t.reference]);
      expect(data.query.q).toBe(q);
    }
  });

  it("ignores bad query parameters instead of failing, and names them", async () => {
    const { get } = await context();
    const data = await call(queueLoader, get(`/desk?tab=everything&channel=pigeon&status=lost&cursor=%00%01&q=${"x".repeat(500)}`));
    expect(data.query.tab).toBe("mine");
    expect(data.ignored.sort()).toEqual(["channel", "cursor", "q", "status", "tab"]);
  });

  it("pages with a cursor", async () => {
    const { get, actor } = await context();
    for (let i = 0; i < 27; i++)
      await createTicket(intake({ subject: `페이지 ${i}`, customer: { name: "페이지고객", email: "p@example.com" } }), actor);
    const first = await call(queueLoader, get("/desk?q=페이지고객"));
    expect(first.rows).toHaveLength(25);
    expect(first.nextCursor).toBeTruthy();
    const second = await call(queueLoader, get(`/desk?q=페이지고객&cursor=${first.nextCursor}`));
    expect(second.rows).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.rows, ...second.rows].map((r) => r.reference)).size).toBe(27);
  });
});

describe("desk ticket page", () => {
  it("answers 404 for an unknown or malformed reference", async () => {
    const { get } = await context();
    expect((await thrown(call(ticketLoader, get("/desk/tickets/000101-9999"), { reference: "000101-9999" }))).status).toBe(404);
    expect((await thrown(call(ticketLoader, get("/desk/tickets/x'--"), { reference: "x'--" }))).status).toBe(404);
    const post = ctx.post("/desk/tickets/000101-9999", { intent: "note", body: "메모" });
    expect((await thrown(call(ticketAction, post, { reference: "000101-9999" }))).status).toBe(404);
  });

  it("loads facts, messages, history in words and the actions the status allows", async () => {
    const { get, actor } = await context();
    const t = await createTicket(
      intake({
        channel: "phone",
        subject: "<script>alert(1)</script>",
        customer: { name: "최전화", phone: "010-1111-2222" },
        callbackRequested: true,
      }),
      actor,
    );
    const view = await call(ticketLoader, get(`/desk/tickets/${t.reference}`), { reference: t.reference });
    expect(view.ticket.subject).toBe("<script>alert(1)</script>");
    expect(view.ticket.receivedAt).toMatch(/Z$/);
    expect(view.customer.phone).toBe("010-1111-2222");
    expect(view.events.map((e) => e.type).filter(notSla)).toEqual(["ticket.created"]);
    expect(view.allowed).toEqual(["reply", "note", "assign", "interim", "callback", "pause", "resolve", "upload"]);
    expect(view.staff.map((s) => s.name)).toEqual(expect.arrayContaining(["김하늘", "이도윤"]));
    expect(view.done).toBeNull();
  });

  it("replies, notes, assigns, pauses, resumes, resolves, closes and reopens through the action", async () => {
    const { post, get, actor, other } = await context();
    const t = await createTicket(intake(), actor);
    const path = `/desk/tickets/${t.reference}`;
    const act = async (fields: Record<string, string>) => {
      const response = (await call(ticketAction, post(path, fields), { reference: t.reference })) as Response;
      expect(response).toBeInstanceOf(Response);
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe(`${path}?done=${fields.intent}`);
    };
    await act({ intent: "reply", body: "확인 중입니다.", via: "email" });
    await act({ intent: "note", body: "내부 확인 필요" });
    await act({ intent: "assign", assignee: other.id });
    await act({
      intent: "interim",
      reason: "관계 기관 확인",
      expectedBy: kstDate(Date.now() + 2 * 24 * 3600 * 1000),
      managerApproval: "on",
    });
    await act({ intent: "pause", reason: "신분증 사본 요청" });
    await act({ intent: "resume" });
    await act({ intent: "resolve", answer: "처리되었습니다.", via: "sms", confirm: "on" });
    await act({ intent: "happycall", satisfied: "yes", score: "5", comment: "친절했습니다" });
    await act({ intent: "close", confirm: "on" });
    await act({ intent: "reopen", reason: "고객 불만족", dissatisfied: "on" });

    const detail = await getTicketDetail(t.reference);
    expect(detail?.events.map((e) => e.type).filter(notSla)).toEqual([
      "ticket.created",
      "reply.sent",
      "note.added",
      "ticket.assigned",
      "interim_notice.sent",
      "ticket.paused",
      "ticket.resumed",
      "ticket.resolved",
      "satisfaction.recorded",
      "ticket.closed",
      "ticket.reopened",
    ]);
    expect(detail?.events.find((e) => e.type === "ticket.reopened")?.data.dissatisfied).toBe(true);
    // An agent cannot record a manager's approval by ticking a box.
    expect(detail?.events.find((e) => e.type === "interim_notice.sent")?.data.managerApproval).toBe(false);
    expect(detail?.messages.find((m) => m.kind === "note")?.direction).toBe("internal");
    expect(detail?.assignee?.id).toBe(other.id);

    const view = await call(ticketLoader, get(`${path}?done=reopen`), { reference: t.reference });
    expect(view.done).toBe("reopen");
    expect((await call(ticketLoader, get(`${path}?done=<b>`), { reference: t.reference })).done).toBeNull();
  });

  it("keeps what was typed and puts the error beside the field of that form", async () => {
    const { post, actor } = await context();
    const t = await createTicket(intake(), actor);
    const result = asData(
      await call(ticketAction, post(`/desk/tickets/${t.reference}`, { intent: "reply", body: "   ", via: "sms" }), {
        reference: t.reference,
      }),
    );
    expect(result.init?.status).toBe(422);
    expect(result.data.intent).toBe("reply");
    expect(result.data.errors.body).toBe("필수 입력 항목입니다.");
    expect(result.data.values.via).toBe("sms");

    const badVia = asData(
      await call(ticketAction, post(`/desk/tickets/${t.reference}`, { intent: "resolve", answer: "답", via: "pigeon" }), {
        reference: t.reference,
      }),
    );
    expect(badVia.data.errors.via).toBe("목록에 있는 값 중에서 골라 주세요.");
    expect(badVia.data.values.answer).toBe("답");

    const date = asData(
      await call(ticketAction, post(`/desk/tickets/${t.reference}`, { intent: "interim", reason: "사유", expectedBy: "2026-02-30" }), {
        reference: t.reference,
      }),
    );
    expect(date.data.errors.expectedBy).toBeTruthy();

    // Past the resolution deadline: refused beside the date for an agent, even with the box ticked…
    const late = { intent: "interim", reason: "관계 기관 확인", expectedBy: "2099-01-05", managerApproval: "on" };
    const refused = asData(await call(ticketAction, post(`/desk/tickets/${t.reference}`, late), { reference: t.reference }));
    expect(refused.init?.status).toBe(422);
    expect(refused.data.errors.expectedBy).toBeTruthy();
    expect(refused.data.values.reason).toBe("관계 기관 확인");
    // …and recorded as approved when a manager sends it.
    const manager = await createStaffMember({ email: "manager@desk.test", name: "최민수", role: "manager", password: "pw-123456789" });
    const managerCookie = (await startSession(new Request(BASE), manager.id)).split(";")[0];
    const approved = new Request(`${BASE}/desk/tickets/${t.reference}`, {
      method: "POST",
      body: new URLSearchParams(late),
      headers: { Cookie: managerCookie },
    });
    expect(((await call(ticketAction, approved, { reference: t.reference })) as Response).status).toBe(303);
    const detail = await getTicketDetail(t.reference);
    expect(detail?.events.find((e) => e.type === "interim_notice.sent")?.data.managerApproval).toBe(true);
  });

  it("shows the service's refusals: 409 for the wrong state, 422 for an unknown assignee, 400 for an unknown intent", async () => {
    const { post, actor } = await context();
    const t = await createTicket(intake(), actor);
    const path = `/desk/tickets/${t.reference}`;
    const closing = asData(await call(ticketAction, post(path, { intent: "close", confirm: "on" }), { reference: t.reference }));
    expect(closing.init?.status).toBe(409);
    expect(closing.data.formError).toBe("지금 상태에서는 할 수 없는 작업입니다.");

    const assign = asData(
      await call(ticketAction, post(path, { intent: "assign", assignee: "nobody@desk.test" }), { reference: t.reference }),
    );
    expect(assign.init?.status).toBe(422);
    expect(assign.data.errors.assignee).toBe("해당 직원을 찾을 수 없습니다.");
    expect(assign.data.values.assignee).toBe("nobody@desk.test");

    const unknown = asData(await call(ticketAction, post(path, { intent: "delete" }), { reference: t.reference }));
    expect(unknown.init?.status).toBe(400);
    expect(unknown.data.formError).toBeTruthy();
  });

  it("answers in English when the language cookie says so", async () => {
    const { actor, agent } = await context();
    const t = await createTicket(intake(), actor);
    const cookie = (await startSession(new Request(BASE), agent.id)).split(";")[0];
    const request = new Request(`${BASE}/desk/tickets/${t.reference}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "note", body: "" }),
      headers: { Cookie: `${cookie}; lang=${encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64"))}` },
    });
    const result = asData(await call(ticketAction, request, { reference: t.reference }));
    expect(result.data.errors.body).toBe("This field is required.");
  });
});

describe("desk attachments", () => {
  it("uploads checked files and serves them back as a download", async () => {
    const { post, get, actor } = await context();
    const t = await createTicket(intake(), actor);
    const path = `/desk/tickets/${t.reference}`;
    const form = new FormData();
    form.set("intent", "upload");
    form.append("files", new File([PNG], "신분증 사본 (1).png", { type: "application/octet-stream" }));
    const response = (await call(ticketAction, post(path, form), { reference: t.reference })) as Response;
    expect(response.status).toBe(303);

    const view = await call(ticketLoader, get(path), { reference: t.reference });
    expect(view.attachments).toHaveLength(1);
    const file = view.attachments[0];
    expect(file.contentType).toBe("image/png");
    expect(view.events.at(-1)?.type).toBe("attachment.added");

    const download = await call(downloadLoader, get(`${path}/attachments/${file.id}`), { reference: t.reference, attachmentId: file.id });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("image/png");
    expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(download.headers.get("Content-Disposition")).toBe(
      `attachment; filename="___ __ (1).png"; filename*=UTF-8''${encodeURIComponent("신분증 사본 ")}%281%29.png`,
    );
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);

    // Staff only; another ticket's reference does not reach this file.
    const anonymous = await thrown(
      call(downloadLoader, new Request(`${BASE}${path}/attachments/${file.id}`), { reference: t.reference, attachmentId: file.id }),
    );
    expect(anonymous.status).toBe(302);
    const other = await createTicket(intake(), actor);
    const wrong = await thrown(
      call(downloadLoader, get(`/desk/tickets/${other.reference}/attachments/${file.id}`), {
        reference: other.reference,
        attachmentId: file.id,
      }),
    );
    expect(wrong.status).toBe(404);
    const garbage = await thrown(call(downloadLoader, get(`${path}/attachments/nope`), { reference: t.reference, attachmentId: "nope" }));
    expect(garbage.status).toBe(404);
  });

  it("refuses files that are not PDF/PNG/JPEG/TIFF, too large, or missing", async () => {
    const { post, actor } = await context();
    const t = await createTicket(intake(), actor);
    const path = `/desk/tickets/${t.reference}`;
    const upload = async (file?: File) => {
      const form = new FormData();
      form.set("intent", "upload");
      if (file) form.append("files", file);
      else form.append("files", new File([], ""));
      return asData(await call(ticketAction, post(path, form), { reference: t.reference }));
    };
    const html = await upload(new File(["<html><script>alert(1)</script>"], "evil.png", { type: "image/png" }));
    expect(html.init?.status).toBe(422);
    expect(html.data.errors.files).toMatch(/PDF, PNG, JPEG, TIFF/);
    const big = await upload(new File([PNG, Buffer.alloc(10 * 1024 * 1024)], "big.png", { type: "image/png" }));
    expect(big.init?.status).toBe(413);
    expect(big.data.errors.files).toBe("파일은 10MB 이하만 올릴 수 있습니다.");
    const many = new FormData();
    many.set("intent", "upload");
    for (let i = 0; i < 6; i++) many.append("files", new File([PNG], `p${i}.png`));
    const tooMany = asData(await call(ticketAction, post(path, many), { reference: t.reference }));
    expect(tooMany.data.errors.files).toBe("파일은 한 번에 5개까지 올릴 수 있습니다.");
    const none = await upload();
    expect(none.init?.status).toBe(422);
    expect(none.data.errors.files).toBeTruthy();
    expect((await getTicketDetail(t.reference))?.attachments).toHaveLength(0);
  });

  it("writes an RFC 5987 filename with an ASCII fallback", () => {
    expect(contentDisposition("report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('a"b\\c.pdf')).toBe(`attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`);
    expect(contentDisposition("민원 'x'.pdf")).toBe(`attachment; filename="__ 'x'.pdf"; filename*=UTF-8''%EB%AF%BC%EC%9B%90%20%27x%27.pdf`);
  });
});

describe("desk history in words", () => {
  const names = staffNames([{ id: "11111111-1111-1111-1111-111111111111", name: "김하늘", email: "agent1@desk.example" }]);
  const ko = translator("ko");
  const en = translator("en");

  it("summarises each event's data", () => {
    expect(
      describeEvent(
        ko,
        { type: "ticket.assigned", data: { assigneeId: "11111111-1111-1111-1111-111111111111", assignee: "agent1@desk.example" } },
        names,
      ),
    ).toEqual({
      title: "담당자 배정",
      details: ["김하늘에게 배정"],
    });
    expect(describeEvent(en, { type: "ticket.assigned", data: { assignee: "agent1@desk.example" } }, names).details).toEqual([
      "assigned to 김하늘",
    ]);
    expect(describeEvent(ko, { type: "reply.sent", data: { via: "sms" } }, names).details).toEqual(["보낸 방법: 문자"]);
    expect(describeEvent(ko, { type: "callback.logged", data: { outcome: "no_answer" } }, names).details).toEqual(["결과: 받지 않음"]);
    expect(
      describeEvent(
        ko,
        { type: "sla.timer_met", data: { metric: "first_reply", dueAt: "2026-05-04T09:00:00.000Z", reason: "reply:email" } },
        names,
      ),
    ).toEqual({
      title: "처리 기한 준수: 1일 내 답변",
      details: ["기한: 2026-05-04 18:00 KST", "사유: 답변 발송 (이메일)"],
    });
    expect(
      describeEvent(
        ko,
        {
          type: "sla.deadline_moved",
          data: { metric: "resolution", from: "2026-05-04T09:00:00Z", to: "2026-05-06T09:00:00Z", reason: "pause" },
        },
        names,
      ).details,
    ).toEqual(["기한: 2026-05-04 18:00 → 2026-05-06 18:00 KST", "사유: 고객 보완 대기"]);
  });

  it("shows events it does not know yet, generically, without their internal codes", () => {
    const shown = describeEvent(
      ko,
      {
        type: "portal.claim_filed",
        data: { claimId: "x", amount: 3, urgent: true, at: "2026-05-04T00:00:00Z", claimKind: "a", state: "under_review" },
      },
      names,
    );
    expect(shown.title).toBe("기타 기록");
    expect(shown.details).toEqual(["amount: 3", "urgent: 예", "at: 2026-05-04 09:00 KST"]);
  });

  it("names actors", () => {
    expect(actorName(ko, "staff:agent1@desk.example", names)).toBe("김하늘 (agent1@desk.example)");
    expect(actorName(ko, "staff:gone@desk.example", names)).toBe("gone@desk.example");
    expect(actorName(ko, "customer", names)).toBe("고객");
    expect(actorName(en, "system:sweep", names)).toBe("System (sweep)");
    expect(actorName(ko, "token:cti", names)).toBe("연동: cti");
  });

  it("offers only the actions the status allows", () => {
    expect(allowedIntents("waiting", "web")).toEqual(["reply", "note", "assign", "interim", "resume", "resolve", "upload"]);
    expect(allowedIntents("resolved", "phone")).toEqual(["reply", "note", "assign", "happycall", "reopen", "close", "upload"]);
    expect(allowedIntents("closed", "email")).toEqual(["note", "happycall", "reopen", "upload"]);
  });
});
