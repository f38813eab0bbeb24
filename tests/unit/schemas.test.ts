// The intake schemas shared by the browser, the form actions and the API; personal-number
// masking; and file checks by content.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { PRIVACY_CONSENT_VERSION } from "~/privacy/consent";
import { apiCreateTicketSchema, callbackSchema, inquiryFormSchema, logContactFormSchema, STAFF_LOGGED_CHANNELS } from "~/tickets/schemas";
import { maskPersonalNumbers, maskText } from "~/core/mask";
import { FILE_MAX_BYTES, FILE_MAX_COUNT, STAFF_CHANNEL_OPTIONS } from "~/intake/options";
import {
  checkAttachment,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_UPLOAD,
  readUploadedFiles,
  sniffAttachmentType,
} from "~/tickets/attachments.server";
import { kstDate, toDatetimeLocal } from "~/lib/time";
import { fieldErrors } from "~/core/validation";

const today = kstDate(new Date());
const tomorrow = DateTime.now().setZone("Asia/Seoul").plus({ days: 1 }).toISODate()!;
const yesterday = DateTime.now().setZone("Asia/Seoul").minus({ days: 1 }).toISODate()!;

const goodInquiry = {
  name: "홍길동",
  email: "hong@example.com",
  phone: "010-1234-5678",
  preferredContact: "email",
  category: "certificate",
  subject: "공동인증서 등록 오류",
  body: "인증서 등록 중 오류가 납니다.\n확인 부탁드립니다.",
  requestedReplyBy: "",
  privacyConsent: "on",
};

const goodContact = {
  channel: "phone",
  receivedAt: toDatetimeLocal(Date.now() - 10 * 60_000),
  name: "이영희",
  email: "",
  phone: "01098765432",
  preferredContact: "",
  category: "kyc",
  subject: "고객확인 재수행 문의",
  body: "담당자 부재로 회신을 원하심",
  requestedReplyBy: "",
  callbackRequested: "on",
};

/** The first error key per field, without parameters. */
function keys(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  expect(result.success).toBe(false);
  const out: Record<string, string> = {};
  for (const issue of result.error!.issues) {
    const path = issue.path.map(String).join(".") || "_";
    out[path] ??= issue.message;
  }
  return out;
}

describe("inquiryFormSchema (public web form)", () => {
  it("accepts a good inquiry and turns it into a web intake", () => {
    const result = inquiryFormSchema.safeParse(goodInquiry);
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      channel: "web",
      category: "certificate",
      subject: "공동인증서 등록 오류",
      body: "인증서 등록 중 오류가 납니다.\n확인 부탁드립니다.",
      customer: { name: "홍길동", email: "hong@example.com", phone: "010-1234-5678", preferredContact: "email" },
      receivedAt: undefined,
      requestedReplyBy: undefined,
      postalAddress: undefined,
      privacyConsent: { version: PRIVACY_CONSENT_VERSION },
      callbackRequested: false,
      resolvedOnContact: false,
    });
  });

  it("trims text, defaults the category and accepts a requested date from today on", () => {
    const result = inquiryFormSchema.safeParse({ ...goodInquiry, subject: "  제목  ", category: "", requestedReplyBy: today });
    expect(result.success).toBe(true);
    expect(result.data?.subject).toBe("제목");
    expect(result.data?.category).toBe("general");
    expect(result.data?.requestedReplyBy).toBe(today);
  });

  it("refuses a requested date the working calendar cannot count to (2000–2099), on the form and in the API", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, requestedReplyBy: "9999-12-31" }))).toEqual({
      requestedReplyBy: "error.dateRange",
    });
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, requestedReplyBy: "2100-01-01" }))).toEqual({
      requestedReplyBy: "error.dateRange",
    });
    const api = apiCreateTicketSchema.safeParse({
      channel: "phone",
      category: "general",
      subject: "문의드립니다",
      body: "내용입니다.",
      customer: { name: "홍길동", phone: "010-1234-5678" },
      requestedReplyBy: "9999-12-31",
    });
    expect(api.success).toBe(false);
    expect(api.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["requestedReplyBy", "error.dateRange"]]);
  });

  it("refuses a bad email", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, email: "hong@example" }))).toEqual({ email: "error.email" });
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, email: "<script>@x.kr" }))).toEqual({ email: "error.email" });
  });

  it("refuses a bad phone number", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, phone: "12" }))).toEqual({ phone: "error.phone" });
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, phone: "010-abcd-5678" }))).toEqual({ phone: "error.phone" });
  });

  it("needs an email or a phone number to answer", () => {
    const result = inquiryFormSchema.safeParse({ ...goodInquiry, email: "", phone: "", preferredContact: "" });
    expect(keys(result)).toEqual({ email: "error.contactNeeded" });
  });

  it("needs the contact detail the customer prefers", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, email: "", preferredContact: "email" }))).toEqual({
      email: "error.preferredNeedsEmail",
    });
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, phone: "", preferredContact: "sms" }))).toEqual({
      phone: "error.preferredNeedsPhone",
    });
  });

  it("refuses a preferred contact that is not on the list with a translatable key", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, preferredContact: "pigeon" }))).toEqual({
      preferredContact: "error.invalidChoice",
    });
  });

  it("never lets a web inquiry claim 'answered on the spot' or a callback", () => {
    // The web form has no such fields: whatever is sent, a web intake never carries them.
    const result = inquiryFormSchema.safeParse({ ...goodInquiry, resolvedOnContact: "on", callbackRequested: "on" });
    expect(result.success).toBe(true);
    expect(result.data?.resolvedOnContact).toBe(false);
    expect(result.data?.callbackRequested).toBe(false);
  });

  it("requires name, subject and message", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, name: " ", subject: "", body: undefined }))).toEqual({
      name: "error.required",
      subject: "error.required",
      body: "error.required",
    });
  });

  it("refuses NUL and other control characters", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, body: "안녕\u0000하세요" }))).toEqual({ body: "error.controlChars" });
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, name: "홍\u0007길동" }))).toEqual({ name: "error.controlChars" });
  });

  it("refuses text that is too long, naming the limit and the length typed", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, subject: "가".repeat(201) }))).toEqual({
      subject: "error.tooLongNow?max=200&length=201",
    });
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, body: "a".repeat(20_001) }))).toEqual({
      body: "error.tooLongNow?max=20000&length=20001",
    });
    expect(inquiryFormSchema.safeParse({ ...goodInquiry, subject: "가".repeat(200) }).success).toBe(true);
  });

  it("refuses a date that does not exist and one before today", () => {
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, requestedReplyBy: "2026-02-30" }))).toEqual({
      requestedReplyBy: "error.date",
    });
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, requestedReplyBy: "30/04/2026" }))).toEqual({
      requestedReplyBy: "error.date",
    });
    expect(keys(inquiryFormSchema.safeParse({ ...goodInquiry, requestedReplyBy: yesterday }))).toEqual({
      requestedReplyBy: "error.datePast",
    });
  });

  it("reports every field problem at once, including the cross-field ones", () => {
    const result = inquiryFormSchema.safeParse({ ...goodInquiry, email: "", phone: "", preferredContact: "", subject: "" });
    expect(keys(result)).toEqual({ subject: "error.required", email: "error.contactNeeded" });
  });

  it("translates the keys for the person (Korean first, English when switched)", () => {
    const result = inquiryFormSchema.safeParse({ ...goodInquiry, email: "nope", subject: "가".repeat(201) });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!, "ko")).toEqual({
      email: "올바른 이메일 주소를 입력해 주세요. (예: hong@example.com)",
      subject: "200자 이내로 입력해 주세요. 지금 201자입니다.",
    });
    expect(fieldErrors(result.error!, "en").subject).toBe("Please keep it within 200 characters. It is 201 now.");
  });
});

describe("logContactFormSchema (staff log a contact)", () => {
  it("accepts a phone call with a callback wanted, read in KST", () => {
    const result = logContactFormSchema.safeParse(goodContact);
    expect(result.success).toBe(true);
    expect(result.data?.channel).toBe("phone");
    expect(result.data?.callbackRequested).toBe(true);
    expect(result.data?.resolvedOnContact).toBe(false);
    expect(result.data?.customer).toEqual({ name: "이영희", email: undefined, phone: "01098765432", preferredContact: undefined });
    expect(toDatetimeLocal(result.data!.receivedAt!)).toBe(goodContact.receivedAt);
  });

  it("reads a datetime-local value as Korea time", () => {
    const result = logContactFormSchema.safeParse({ ...goodContact, receivedAt: "2026-01-05T09:30" });
    // Only valid within a year of the test date; the parsing is what matters here.
    if (result.success) expect(result.data.receivedAt?.toISOString()).toBe("2026-01-05T00:30:00.000Z");
    else expect(keys(result)).toEqual({ receivedAt: "error.tooOld" });
  });

  it("accepts a letter without email or phone (postal mail and visits need no contact detail)", () => {
    const result = logContactFormSchema.safeParse({ ...goodContact, channel: "mail", phone: "", callbackRequested: "" });
    expect(result.success).toBe(true);
    expect(result.data?.channel).toBe("mail");
  });

  it("refuses an arrival time in the future", () => {
    const future = toDatetimeLocal(Date.now() + 60 * 60_000);
    expect(keys(logContactFormSchema.safeParse({ ...goodContact, receivedAt: future }))).toEqual({ receivedAt: "error.future" });
  });

  it("refuses an arrival time that is not a real instant, or over a year old", () => {
    expect(keys(logContactFormSchema.safeParse({ ...goodContact, receivedAt: "2026-02-30T10:00" }))).toEqual({
      receivedAt: "error.instant",
    });
    expect(keys(logContactFormSchema.safeParse({ ...goodContact, receivedAt: "yesterday" }))).toEqual({ receivedAt: "error.instant" });
    const old = toDatetimeLocal(Date.now() - 400 * 24 * 3600_000);
    expect(keys(logContactFormSchema.safeParse({ ...goodContact, receivedAt: old }))).toEqual({ receivedAt: "error.tooOld" });
  });

  it("accepts forms that leave optional keys out (browsers do not send unchecked boxes)", () => {
    const { callbackRequested: _c, email: _e, preferredContact: _p, requestedReplyBy: _r, receivedAt: _at, ...rest } = goodContact;
    const result = logContactFormSchema.safeParse(rest);
    expect(result.success).toBe(true);
    expect(result.data?.callbackRequested).toBe(false);
    expect(result.data?.resolvedOnContact).toBe(false);
    expect(callbackSchema.safeParse({ outcome: "reached" }).success).toBe(true);
  });

  it("defaults the arrival time to now when left empty", () => {
    const result = logContactFormSchema.safeParse({ ...goodContact, receivedAt: "" });
    expect(result.success).toBe(true);
    expect(result.data?.receivedAt).toBeUndefined();
  });

  it("requires a channel from the staff list (web is not logged by staff)", () => {
    expect(keys(logContactFormSchema.safeParse({ ...goodContact, channel: "" }))).toEqual({ channel: "error.required" });
    expect(keys(logContactFormSchema.safeParse({ ...goodContact, channel: "web" }))).toEqual({ channel: "error.invalidChoice" });
  });

  it("allows 'answered on the spot' only for phone and visit", () => {
    expect(logContactFormSchema.safeParse({ ...goodContact, callbackRequested: "", resolvedOnContact: "on" }).success).toBe(true);
    expect(
      logContactFormSchema.safeParse({ ...goodContact, channel: "visit", callbackRequested: "", resolvedOnContact: "on" }).success,
    ).toBe(true);
    expect(
      keys(logContactFormSchema.safeParse({ ...goodContact, channel: "fax", callbackRequested: "", resolvedOnContact: "on" })),
    ).toEqual({
      resolvedOnContact: "error.onSpotOnly",
    });
  });

  it("allows 'callback wanted' only for phone", () => {
    expect(keys(logContactFormSchema.safeParse({ ...goodContact, channel: "visit" }))).toEqual({
      callbackRequested: "error.callbackPhoneOnly",
    });
  });

  it("refuses a requested reply date before the day the contact arrived", () => {
    const arrived = DateTime.now().setZone("Asia/Seoul").minus({ days: 3 }).set({ hour: 10, minute: 0 });
    const receivedAt = arrived.toFormat("yyyy-MM-dd'T'HH:mm");
    const dayBefore = arrived.minus({ days: 1 }).toISODate();
    const sameDay = arrived.toISODate();
    expect(keys(logContactFormSchema.safeParse({ ...goodContact, receivedAt, requestedReplyBy: dayBefore }))).toEqual({
      requestedReplyBy: "error.datePast",
    });
    // The day of arrival itself is fine, even though it is before today.
    expect(logContactFormSchema.safeParse({ ...goodContact, receivedAt, requestedReplyBy: sameDay }).success).toBe(true);
  });
});

describe("apiCreateTicketSchema (JSON API)", () => {
  const good = {
    channel: "email",
    subject: "CMS 부당인출",
    body: "동의하지 않은 자동이체가 출금되었습니다.",
    customer: { name: "박민수", email: "park@example.com" },
  };

  it("accepts a good body with an ISO instant", () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const result = apiCreateTicketSchema.safeParse({ ...good, receivedAt: at, requestedReplyBy: tomorrow });
    expect(result.success).toBe(true);
    expect(result.data?.receivedAt?.toISOString()).toBe(at);
    expect(result.data?.category).toBe("general");
  });

  it("names nested customer fields by their path", () => {
    expect(keys(apiCreateTicketSchema.safeParse({ ...good, customer: { name: "박민수" } }))).toEqual({
      "customer.email": "error.contactNeeded",
    });
    expect(keys(apiCreateTicketSchema.safeParse({ ...good, customer: { name: "박민수", email: "x" } }))).toEqual({
      "customer.email": "error.email",
    });
    expect(keys(apiCreateTicketSchema.safeParse({ ...good, customer: undefined }))).toEqual({ customer: "error.required" });
  });

  it("refuses onSpot on a web contact and a future receivedAt", () => {
    expect(keys(apiCreateTicketSchema.safeParse({ ...good, channel: "web", resolvedOnContact: true }))).toEqual({
      resolvedOnContact: "error.onSpotOnly",
    });
    expect(keys(apiCreateTicketSchema.safeParse({ ...good, receivedAt: new Date(Date.now() + 3_600_000).toISOString() }))).toEqual({
      receivedAt: "error.future",
    });
  });

  it("refuses a wrong type with a key, never a raw zod message", () => {
    const result = apiCreateTicketSchema.safeParse({ ...good, subject: 42, callbackRequested: "yes" });
    const found = keys(result);
    expect(found.subject).toBe("error.invalid");
    expect(found.callbackRequested).toBe("error.invalid");
    expect(Object.values(found).every((m) => m.startsWith("error."))).toBe(true);
  });
});

describe("masking personal numbers (SERVICE-STANDARDS §7)", () => {
  it("leaves the desk's own identifiers whole: a UUID whose digits look like an account number", () => {
    // Before: "ab345678-****-2344a67-…" — a case id in the audit log no longer matched its case.
    const id = "ab345678-1234-4a67-8abc-def012345678";
    expect(maskText(`case ${id} denied`)).toBe(`case ${id} denied`);
    expect(maskPersonalNumbers(`${id} 계좌 110-123-456789`)).toEqual({ text: `${id} 계좌 110-****-6789`, masked: ["account"] });
  });

  it("masks a resident registration number as 900101-1****** (any 13 digits that read as one)", () => {
    expect(maskText("주민번호 900101-1234567 입니다")).toBe("주민번호 900101-1****** 입니다");
    expect(maskText("9001011234567")).toBe("900101-1******");
    expect(maskText("900101 - 2234567")).toBe("900101-2******");
    expect(maskText("1101234567890")).toBe("110123-4******");
  });

  it("masks a card number as 1234-****-****-3456", () => {
    expect(maskText("카드 1234-5678-9012-3456")).toBe("카드 1234-****-****-3456");
    expect(maskText("1234 5678 9012 3456")).toBe("1234-****-****-3456");
    expect(maskText("1234567890123456")).toBe("1234-****-****-3456");
  });

  it("masks a bank account number as 110-****-6789", () => {
    expect(maskText("계좌 110-123-456789 로")).toBe("계좌 110-****-6789 로");
    expect(maskText("3333-01-1234567")).toBe("3333-****-4567");
    expect(maskText("110123456789")).toBe("110-****-6789");
    expect(maskText("12345678901234")).toBe("123-****-1234");
  });

  it("keeps phone numbers, dates, amounts and references", () => {
    const text = "010-1234-5678, 02-123-4567, 01012345678, 2026-04-30, 1,000,000원, 접수번호 260430-0042";
    expect(maskText(text)).toBe(text);
  });

  it("keeps international phone numbers", () => {
    expect(maskText("+82-10-1234-5678")).toBe("+82-10-1234-5678");
    expect(maskText("+821012345678")).toBe("+821012345678");
  });

  it("reports what it masked, and masking twice changes nothing", () => {
    const result = maskPersonalNumbers("900101-1234567 / 1234-5678-9012-3456 / 110-123-456789");
    expect(result.masked.sort()).toEqual(["account", "card", "rrn"]);
    expect(maskText(result.text)).toBe(result.text);
    expect(result.text).not.toMatch(/1234567|5678-9012|123-456789/);
  });
});

// Minimal real file headers.
const PDF = Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const TIFF_LE = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
const TIFF_BE = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]);
const TEXT = Buffer.from("This is not a PDF, just text.\n");

describe("attachment checks by content", () => {
  it("recognises PDF, PNG, JPEG and both TIFF byte orders", () => {
    expect(sniffAttachmentType(PDF)).toBe("application/pdf");
    expect(sniffAttachmentType(PNG)).toBe("image/png");
    expect(sniffAttachmentType(JPEG)).toBe("image/jpeg");
    expect(sniffAttachmentType(TIFF_LE)).toBe("image/tiff");
    expect(sniffAttachmentType(TIFF_BE)).toBe("image/tiff");
  });

  it("refuses text, HTML, ZIP/Office, executables and truncated headers", () => {
    expect(sniffAttachmentType(TEXT)).toBeNull();
    expect(sniffAttachmentType(Buffer.from("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffAttachmentType(Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBeNull();
    expect(sniffAttachmentType(Buffer.from("MZ\x90\x00", "latin1"))).toBeNull();
    expect(sniffAttachmentType(Buffer.from("%PD"))).toBeNull();
    expect(sniffAttachmentType(Buffer.from([0x89, 0x50]))).toBeNull();
    expect(sniffAttachmentType(Buffer.alloc(0))).toBeNull();
  });

  it("classifies the end-to-end sample files by their content", () => {
    const sample = (name: string) => readFileSync(new URL(`../e2e/fixtures/${name}`, import.meta.url));
    expect(sniffAttachmentType(sample("sample.pdf"))).toBe("application/pdf");
    expect(sniffAttachmentType(sample("sample.png"))).toBe("image/png");
    expect(sniffAttachmentType(sample("sample.tiff"))).toBe("image/tiff");
    expect(sniffAttachmentType(sample("fake.pdf"))).toBeNull();
  });

  it("judges by content, not by name: a PNG named .pdf is a PNG; text named .pdf is refused", () => {
    const png = checkAttachment("scan.pdf", PNG);
    expect(png.ok && png.file.contentType).toBe("image/png");
    expect(checkAttachment("letter.pdf", TEXT)).toEqual({ ok: false, error: "error.fileType" });
  });

  it("refuses empty and oversized files and cleans the name", () => {
    expect(checkAttachment("empty.pdf", Buffer.alloc(0))).toEqual({ ok: false, error: "error.fileEmpty" });
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    expect(checkAttachment("big.pdf", big)).toEqual({ ok: false, error: "error.fileSize" });
    const ok = checkAttachment("C:\\Users\\hong\\<민원>.pdf", PDF);
    expect(ok.ok && ok.file.filename).toBe("_민원_.pdf");
    expect(ok.ok && ok.file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the browser's limits are the server's", () => {
    expect(FILE_MAX_BYTES).toBe(MAX_ATTACHMENT_BYTES);
    expect(FILE_MAX_COUNT).toBe(MAX_ATTACHMENTS_PER_UPLOAD);
    expect([...STAFF_CHANNEL_OPTIONS]).toEqual([...STAFF_LOGGED_CHANNELS]);
  });

  it("reads uploaded form files: skips the empty part of an unused input, limits the count", async () => {
    const emptyPart = new File([], "");
    expect(await readUploadedFiles([emptyPart])).toEqual({ files: [] });
    const one = await readUploadedFiles([new File([PNG], "photo.pdf"), emptyPart]);
    expect(one.error).toBeUndefined();
    // a PNG sent under a .pdf name is kept under its real type's extension
    expect(one.files.map((f) => [f.filename, f.contentType])).toEqual([["photo.png", "image/png"]]);
    const six = Array.from({ length: 6 }, (_, i) => new File([PDF], `${i}.pdf`));
    expect(await readUploadedFiles(six)).toEqual({ files: [], error: "error.fileCount?max=5" });
    expect(await readUploadedFiles([new File([PDF], "a.pdf"), new File([TEXT], "b.pdf")])).toEqual({ files: [], error: "error.fileType" });
    expect(await readUploadedFiles(["a text value"])).toEqual({ files: [] });
  });
});
