// The intake routes' actions called with real multipart requests (FormData with File objects),
// against a real database: what is created, what is refused, and that nothing becomes a 5xx.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession } from "~/auth/session.server";
import { langCookie } from "~/i18n/lang.server";
import { toDatetimeLocal } from "~/lib/time";
import { createStaffMember } from "~/staff/staff.server";
import { getTicketDetail } from "~/tickets/tickets.server";
import { action as inquiryAction, loader as inquiryLoader } from "~/routes/inquiry";
import { loader as receivedPageLoader } from "~/routes/inquiry_.received";

/** The confirmation page's data (the loader answers it with headers that end the cookie). */
const receivedLoader = async (args: Parameters<typeof receivedPageLoader>[0]) => (await receivedPageLoader(args)).data;
import { action as logContactAction, loader as logContactLoader } from "~/routes/desk.log-contact";
import { useTestDatabase } from "../support/db";
import { atTime } from "../support/clock";

useTestDatabase();

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const TEXT = new TextEncoder().encode("I am only text, whatever my name says.\n");

type ActionData = { errors: Record<string, string>; values: Record<string, string>; filesDropped: boolean };
type Outcome = { status: number; headers: Headers; body?: ActionData };

/** What an action gave back: a Response (redirect) or data() with a status. */
function outcome(result: unknown): Outcome {
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const r = result as { type?: string; data: ActionData; init?: { status?: number } | null };
  expect(r.type).toBe("DataWithResponseInit");
  return { status: r.init?.status ?? 200, headers: new Headers(), body: r.data };
}

/** Runs an action; a thrown Response (redirect to login, 403) is an outcome too, anything else fails the test. */
async function run(fn: (args: { request: Request; params: {}; context: {} }) => Promise<unknown>, request: Request): Promise<Outcome> {
  try {
    return outcome(await fn({ request, params: {}, context: {} }));
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers };
    throw thrown;
  }
}

function inquiryForm(fields: Record<string, string> = {}, files: File[] = []): FormData {
  const form = new FormData();
  const base = {
    name: "홍길동",
    email: "hong@example.com",
    phone: "010-1234-5678",
    preferredContact: "email",
    category: "certificate",
    subject: "공동인증서 등록 오류",
    body: "인증서 등록 중 오류가 납니다.",
    requestedReplyBy: "",
    privacyConsent: "on",
    ...fields,
  };
  for (const [k, v] of Object.entries(base)) form.append(k, v);
  if (files.length === 0) form.append("files", new File([], ""));
  for (const f of files) form.append("files", f);
  return form;
}

function post(path: string, body: FormData | string, cookie?: string, contentType?: string): Request {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  if (contentType) headers.set("Content-Type", contentType);
  return new Request(`http://localhost${path}`, { method: "POST", body, headers });
}

async function ticketCount(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(tickets);
  return row.n;
}

function cookiePair(setCookie: string | null): string {
  expect(setCookie).toBeTruthy();
  return setCookie!.split(";")[0];
}

describe("POST /inquiry", () => {
  it("creates a web ticket with its attachment and redirects to a confirmation without personal data", async () => {
    const before = await ticketCount();
    const result = await run(
      inquiryAction,
      post("/inquiry", inquiryForm({}, [new File([PDF], "영수증.pdf", { type: "application/pdf" })])),
    );
    expect(result.status).toBe(303);
    expect(result.headers.get("Location")).toBe("/inquiry/received");
    expect(await ticketCount()).toBe(before + 1);

    const receipt = await receivedLoader({
      request: new Request("http://localhost/inquiry/received", { headers: { Cookie: cookiePair(result.headers.get("Set-Cookie")) } }),
      params: {},
      context: {},
    });
    expect(receipt?.reference).toMatch(/^\d{6}-\d{4,}$/);
    const detail = await getTicketDetail(receipt!.reference);
    expect(detail?.ticket.channel).toBe("web");
    expect(detail?.ticket.category).toBe("certificate");
    expect(detail?.ticket.loggedById).toBeNull();
    expect(detail?.customer).toMatchObject({ name: "홍길동", email: "hong@example.com", preferredContact: "email" });
    expect(detail?.attachments).toHaveLength(1);
    expect(detail?.attachments[0]).toMatchObject({ filename: "영수증.pdf", contentType: "application/pdf", size: PDF.length });
    // Shown once: the page ends the cookie and is not cached, so a reload (or the next person at
    // a shared computer) sees no reference or tracking link.
    const shown = await receivedPageLoader({
      request: new Request("http://localhost/inquiry/received", { headers: { Cookie: cookiePair(result.headers.get("Set-Cookie")) } }),
      params: {},
      context: {},
    });
    const headers = new Headers(shown.init?.headers);
    expect(headers.get("Cache-Control")).toBe("no-store");
    const cleared = headers.get("Set-Cookie") ?? "";
    expect(cleared).toMatch(/^__inquiry_receipt=;/);
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    const again = await receivedLoader({
      request: new Request("http://localhost/inquiry/received", { headers: { Cookie: cookiePair(cleared) } }),
      params: {},
      context: {},
    });
    expect(again).toBeNull();
    // The cookie is the only carrier: no name, email or phone in it or in the URL.
    expect(result.headers.get("Set-Cookie")).not.toMatch(/hong|%ED%99%8D|010/);
  });

  it("shows nothing on the confirmation page without the signed cookie (or with a forged one)", async () => {
    const plain = await receivedLoader({ request: new Request("http://localhost/inquiry/received"), params: {}, context: {} });
    expect(plain).toBeNull();
    const forged = `__inquiry_receipt=${btoa(JSON.stringify({ reference: "260101-0001", receivedAt: new Date().toISOString() }))}`;
    const withForged = await receivedLoader({
      request: new Request("http://localhost/inquiry/received", { headers: { Cookie: forged } }),
      params: {},
      context: {},
    });
    expect(withForged).toBeNull();
  });

  it("judges files by content: a PNG named .pdf is kept as a PNG, under the .png extension", async () => {
    const result = await run(inquiryAction, post("/inquiry", inquiryForm({}, [new File([PNG], "scan.pdf", { type: "application/pdf" })])));
    expect(result.status).toBe(303);
    const rows = await db().select().from(attachments).where(eq(attachments.filename, "scan.png"));
    expect(rows).toHaveLength(1);
    expect(rows[0].contentType).toBe("image/png");
  });

  it("refuses a file that is not PDF/PNG/JPEG/TIFF by content, keeps the typed text and creates nothing", async () => {
    const before = await ticketCount();
    const result = await run(
      inquiryAction,
      post("/inquiry", inquiryForm({ subject: "제목 그대로" }, [new File([TEXT], "letter.pdf", { type: "application/pdf" })])),
    );
    expect(result.status).toBe(422);
    expect(result.body?.errors).toEqual({ files: "PDF, PNG, JPEG, TIFF 파일만 올릴 수 있습니다. (파일 내용으로 확인합니다)" });
    expect(result.body?.values).toMatchObject({
      name: "홍길동",
      email: "hong@example.com",
      subject: "제목 그대로",
      category: "certificate",
    });
    expect(result.body?.filesDropped).toBe(true);
    expect(await ticketCount()).toBe(before);
  });

  it("refuses a file over 10 MB with the 10 MB message beside the attachments — no 5xx, nothing created", async () => {
    const before = await ticketCount();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const form = inquiryForm({ body: "큰 파일을 보냅니다" }, [
      new File([PDF], "small.pdf"),
      new File([big], "big.pdf", { type: "application/pdf" }),
    ]);
    const result = await run(inquiryAction, post("/inquiry", form));
    expect(result.status).toBe(422);
    expect(result.body?.errors.files).toBe("파일은 10MB 이하만 올릴 수 있습니다.");
    // Everything typed comes back even though the oversized part was in the middle of the body.
    expect(result.body?.values).toMatchObject({ name: "홍길동", body: "큰 파일을 보냅니다" });
    expect(await ticketCount()).toBe(before);
  });

  it("refuses more than 5 files", async () => {
    const before = await ticketCount();
    const six = Array.from({ length: 6 }, (_, i) => new File([PDF], `${i}.pdf`));
    const result = await run(inquiryAction, post("/inquiry", inquiryForm({}, six)));
    expect(result.status).toBe(422);
    expect(result.body?.errors.files).toBe("파일은 한 번에 5개까지 올릴 수 있습니다.");
    expect(await ticketCount()).toBe(before);
  });

  it("reports text and file problems together, every field at once", async () => {
    const result = await run(
      inquiryAction,
      post(
        "/inquiry",
        inquiryForm({ email: "", phone: "", preferredContact: "", subject: "", requestedReplyBy: "2026-02-30" }, [
          new File([TEXT], "x.pdf"),
        ]),
      ),
    );
    expect(result.status).toBe(422);
    expect(result.body?.errors).toEqual({
      subject: "필수 입력 항목입니다.",
      requestedReplyBy: "날짜를 YYYY-MM-DD 형식으로 입력해 주세요.",
      email: "답변받을 이메일이나 전화번호 중 하나는 꼭 입력해 주세요.",
      files: "PDF, PNG, JPEG, TIFF 파일만 올릴 수 있습니다. (파일 내용으로 확인합니다)",
    });
  });

  it("answers in English when the person switched language", async () => {
    const cookie = cookiePair(await langCookie.serialize("en"));
    const result = await run(inquiryAction, post("/inquiry", inquiryForm({ email: "not-an-email" }), cookie));
    expect(result.status).toBe(422);
    expect(result.body?.errors).toEqual({ email: "Please enter a valid email address (e.g. hong@example.com)." });
  });

  it("stores HTML and SQL exactly as typed (only personal numbers are masked)", async () => {
    const subject = `<script>alert("x")</script> & <b>굵게</b>`;
    const body = `'; DROP TABLE tickets; -- \n<img src=x onerror=alert(1)>\n주민번호 900101-1234567`;
    const name = `Robert'); DELETE FROM customers;--`;
    const result = await run(inquiryAction, post("/inquiry", inquiryForm({ subject, body, name })));
    expect(result.status).toBe(303);
    const receipt = await receivedLoader({
      request: new Request("http://localhost/inquiry/received", { headers: { Cookie: cookiePair(result.headers.get("Set-Cookie")) } }),
      params: {},
      context: {},
    });
    const detail = await getTicketDetail(receipt!.reference);
    expect(detail?.ticket.subject).toBe(subject);
    // multipart/form-data sends line breaks as CRLF, as browsers do for a textarea.
    expect(detail?.ticket.body).toBe(`'; DROP TABLE tickets; -- \r\n<img src=x onerror=alert(1)>\r\n주민번호 900101-1******`);
    expect(detail?.customer.name).toBe(name);
  });

  it("answers a body that is not valid multipart with 400 and a message, not a 5xx", async () => {
    const result = await run(
      inquiryAction,
      post("/inquiry", '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\n홍', undefined, "multipart/form-data; boundary=xyz"),
    );
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
    expect(result.body?.errors._ ?? result.body?.errors.name).toBeTruthy();
  });

  it("refuses a request larger than five full files as a whole, with the message beside the attachments", async () => {
    const request = post("/inquiry", inquiryForm());
    request.headers.set("Content-Length", String(200 * 1024 * 1024));
    const result = await run(inquiryAction, request);
    expect(result.status).toBe(413);
    expect(result.body?.errors.files).toMatch(/10MB/);
  });

  it("also accepts a url-encoded form (no files)", async () => {
    const body = new URLSearchParams({
      privacyConsent: "on",
      name: "김민수",
      phone: "01055556666",
      subject: "문의",
      body: "내용",
    }).toString();
    const result = await run(inquiryAction, post("/inquiry", body, undefined, "application/x-www-form-urlencoded"));
    expect(result.status).toBe(303);
  });

  it("offers only reply dates the desk can keep: working days from the earliest feasible one, in words", async () => {
    // Saturday 2026-12-05 10:00: the first date that can be kept is Monday 12-07; no weekend day is offered.
    const loaded = await atTime(new Date("2026-12-05T10:00:00+09:00"), () =>
      inquiryLoader({ request: new Request("http://localhost/inquiry"), params: {}, context: {} }),
    );
    expect(loaded.dates[0]).toEqual({ value: "2026-12-07", label: "12월 7일(월)" });
    expect(loaded.dates.map((d) => d.value)).not.toContain("2026-12-12");
    expect(loaded.dates.map((d) => d.value)).not.toContain("2026-12-25"); // 기독탄신일
    // Friday 17:30: less than a working hour is left today, so the list starts on Monday.
    const late = await atTime(new Date("2026-12-04T17:30:00+09:00"), () =>
      inquiryLoader({ request: new Request("http://localhost/inquiry"), params: {}, context: {} }),
    );
    expect(late.dates[0].value).toBe("2026-12-07");
  });

  it("refuses a requested date that cannot be kept (a Sunday asked on a Saturday counts to the Friday before): no instant breach, what was typed kept", async () => {
    const body = new URLSearchParams({
      privacyConsent: "on",
      name: "김민수",
      phone: "01055556666",
      subject: "일요일 회신",
      body: "내용",
      requestedReplyBy: "2026-12-06",
    }).toString();
    const result = await atTime(new Date("2026-12-05T10:00:00+09:00"), () =>
      run(inquiryAction, post("/inquiry", body, undefined, "application/x-www-form-urlencoded")),
    );
    expect(result.status).toBe(422);
    expect(result.body?.errors.requestedReplyBy).toMatch(/회신드리기 어렵습니다/);
    expect(result.body?.values.subject).toBe("일요일 회신");
    expect(await db().select().from(tickets).where(eq(tickets.subject, "일요일 회신"))).toHaveLength(0);
  });
});

describe("POST /desk/log-contact", () => {
  let staffCookie = "";
  let staffId = "";

  beforeAll(async () => {
    const agent = await createStaffMember({
      email: "agent-intake@test.kr",
      name: "김상담",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    staffId = agent.id;
    staffCookie = cookiePair(await startSession(new Request("http://localhost/login"), agent.id));
  });

  function contactForm(fields: Record<string, string> = {}, files: File[] = []): FormData {
    const form = new FormData();
    const base = {
      channel: "fax",
      receivedAt: toDatetimeLocal(Date.now() - 2 * 3600_000),
      name: "박영수",
      email: "",
      phone: "02-123-4567",
      preferredContact: "",
      category: "auto_debit",
      subject: "자동이체 부당인출 이의 (팩스)",
      body: "동의하지 않은 CMS 자동이체가 출금되었다는 내용의 팩스. 계좌 110-123-456789",
      requestedReplyBy: "",
      ...fields,
    };
    for (const [k, v] of Object.entries(base)) form.append(k, v);
    for (const f of files) form.append("files", f);
    return form;
  }

  it("needs a signed-in staff member", async () => {
    const result = await run(logContactAction, post("/desk/log-contact", contactForm()));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/login?redirectTo=%2Fdesk%2Flog-contact");
    const page = await run(logContactLoader as never, new Request("http://localhost/desk/log-contact"));
    expect(page.status).toBe(302);
  });

  it("logs a fax with its scan at the time it arrived and goes to the ticket", async () => {
    const arrived = toDatetimeLocal(Date.now() - 2 * 3600_000);
    const result = await run(
      logContactAction,
      post("/desk/log-contact", contactForm({ receivedAt: arrived }, [new File([PDF], "fax-scan.pdf")]), staffCookie),
    );
    expect(result.status).toBe(303);
    const location = result.headers.get("Location")!;
    expect(location).toMatch(/^\/desk\/tickets\/\d{6}-\d{4,}\?done=logged$/);
    const detail = await getTicketDetail(new URL(location, "http://localhost").pathname.split("/").pop()!);
    expect(detail?.ticket).toMatchObject({
      channel: "fax",
      category: "auto_debit",
      loggedById: staffId,
      callbackRequested: false,
      status: "new",
    });
    expect(toDatetimeLocal(detail!.ticket.receivedAt)).toBe(arrived);
    expect(detail?.ticket.body).toContain("110-****-6789");
    expect(detail?.attachments.map((a) => a.filename)).toEqual(["fax-scan.pdf"]);
    expect(detail?.events[0]).toMatchObject({ type: "ticket.created", actor: "staff:agent-intake@test.kr" });
  });

  it("logs a phone call answered on the spot as resolved, and one with a callback wanted", async () => {
    const onSpot = await run(
      logContactAction,
      post("/desk/log-contact", contactForm({ channel: "phone", resolvedOnContact: "on" }), staffCookie),
    );
    expect(onSpot.status).toBe(303);
    const resolved = await getTicketDetail(onSpot.headers.get("Location")!.split("?")[0]!.split("/").pop()!);
    expect(resolved?.ticket).toMatchObject({ status: "resolved", resolvedOnContact: true });

    const callback = await run(
      logContactAction,
      post("/desk/log-contact", contactForm({ channel: "phone", callbackRequested: "on" }), staffCookie),
    );
    const wanted = await getTicketDetail(callback.headers.get("Location")!.split("?")[0]!.split("/").pop()!);
    expect(wanted?.ticket).toMatchObject({ callbackRequested: true, status: "new" });
  });

  it("refuses an arrival time in the future and creates nothing", async () => {
    const before = await ticketCount();
    const future = toDatetimeLocal(Date.now() + 3 * 3600_000);
    const result = await run(logContactAction, post("/desk/log-contact", contactForm({ receivedAt: future }), staffCookie));
    expect(result.status).toBe(422);
    expect(result.body?.errors).toEqual({ receivedAt: "접수 시각은 미래일 수 없습니다." });
    expect(result.body?.values.receivedAt).toBe(future);
    expect(await ticketCount()).toBe(before);
  });

  it("refuses the handling boxes on channels they do not apply to", async () => {
    const result = await run(
      logContactAction,
      post("/desk/log-contact", contactForm({ channel: "mail", callbackRequested: "on", resolvedOnContact: "on" }), staffCookie),
    );
    expect(result.status).toBe(422);
    expect(result.body?.errors).toEqual({
      resolvedOnContact: "'현장에서 답변 완료'는 전화와 방문 접수에만 쓸 수 있습니다.",
      callbackRequested: "'담당자 부재 / 회신 요청'은 전화 접수에만 쓸 수 있습니다.",
    });
  });

  it("refuses an oversized scan without a 5xx", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 10);
    big.set(PDF);
    const result = await run(logContactAction, post("/desk/log-contact", contactForm({}, [new File([big], "scan.pdf")]), staffCookie));
    expect(result.status).toBe(422);
    expect(result.body?.errors.files).toContain("10MB");
    expect(result.body?.values.name).toBe("박영수");
  });
});
