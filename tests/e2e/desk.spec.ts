// The staff desk end to end: queues, search, the ticket page and its actions, as an agent.
// Each test makes its own ticket through the public /inquiry form (the way customers do), so
// the tests depend neither on the demo tickets nor on each other's order. They need the demo
// staff agent1@ (김하늘) and agent2@ (이도윤) of team complaints-1.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";

const AGENT = "agent1@desk.example"; // 김하늘, 민원1팀

/** A short unique word for this run. */
const tag = () => Math.random().toString(36).slice(2, 8);

/** No serious or critical accessibility problems (axe-core, WCAG 2 A/AA rules). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Files an inquiry on the public form and returns its reference. */
async function newInquiry(page: Page, fields: { subject: string; name?: string; body?: string }): Promise<string> {
  await page.goto("/inquiry");
  await page.locator("#field-name").fill(fields.name ?? "홍길동");
  await page.locator("#field-email").fill("customer@example.com");
  await page.locator("#field-subject").fill(fields.subject);
  await page.locator("#field-body").fill(fields.body ?? "확인 부탁드립니다.");
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page).toHaveURL(/\/inquiry\/received/);
  const reference = (await page.locator(".receipt .reference").textContent())!.trim();
  expect(reference).toMatch(/^\d{6}-\d{4}$/);
  return reference;
}

/** Opens a ticket page and waits until it is interactive (hydrated). */
async function openTicket(page: Page, reference: string) {
  await page.goto(`/desk/tickets/${reference}`);
  await expect(page.locator("article.ticket-page")).toHaveAttribute("data-hydrated", "");
}

async function searchAndOpen(page: Page, reference: string) {
  await page.getByRole("searchbox", { name: "검색" }).fill(reference);
  await page.getByRole("button", { name: "적용", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${reference}`));
  const rows = page.locator("table tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);
}

/** Opens a collapsed action (a <details>) unless it is open already. */
async function openAction(page: Page, intent: string) {
  const details = page.locator(`#action-${intent}`);
  if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
}

const history = (page: Page) => page.getByRole("region", { name: "처리 이력" });
const notice = (page: Page) => page.locator(".desk-live .notice");

test("an agent finds a ticket, replies, assigns, pauses, resumes and resolves it", async ({ page }) => {
  const reference = await newInquiry(page, { subject: `자동이체 출금 문의 ${tag()}` });
  await loginAs(page, AGENT);
  await page.goto("/desk");
  await expect(page.getByRole("heading", { level: 1, name: "업무함" })).toBeVisible();
  await expect(page.getByRole("link", { name: "새 접수 등록" })).toHaveAttribute("href", "/desk/log-contact");

  // All active tickets, narrowed to new ones with the keyboard-usable GET form.
  await page.getByRole("navigation", { name: "업무함 종류" }).getByRole("link", { name: "전체 진행 중" }).click();
  await expect(page.getByRole("link", { name: "전체 진행 중" })).toHaveAttribute("aria-current", "page");
  await page.getByLabel("상태").selectOption("new");
  await page.getByRole("button", { name: "적용", exact: true }).click();
  await expect(page).toHaveURL(/tab=active/);
  await expect(page).toHaveURL(/status=new/);
  await expect(page.locator("table caption")).toContainText("전체 진행 중");
  await expect(page.getByRole("link", { name: reference })).toBeVisible();

  await searchAndOpen(page, reference);
  await expect(page.getByRole("region", { name: "접수 정보" })).toContainText("신규");

  // Reply to the customer.
  const reply = `답변 드립니다 ${tag()}`;
  const replyForm = page.locator('form[data-intent="reply"]');
  await replyForm.getByLabel("답변 내용", { exact: true }).fill(reply);
  await replyForm.getByRole("radio", { name: "문자" }).check();
  await replyForm.getByRole("button", { name: "답변 보내기" }).click();
  await expect(notice(page)).toHaveText("고객에게 답변을 보냈습니다.");
  await expect(notice(page)).toBeFocused();
  const conversation = page.getByRole("region", { name: "대화 기록" });
  await expect(conversation.locator("article", { hasText: reply })).toContainText("답변");
  await expect(history(page).locator('li[data-event="reply.sent"]').last()).toContainText("고객에게 답변 발송");
  await expect(history(page)).not.toContainText("reply.sent");
  await expect(history(page).locator('li[data-event="reply.sent"]').last()).toContainText("김하늘");
  await expect(replyForm.getByLabel("답변 내용", { exact: true })).toHaveValue("");

  // Assign to a colleague, then take it back.
  const assignForm = page.locator('form[data-intent="assign"]').first();
  // Options read "이도윤 · 팀 · 진행 N건" (team and current load).
  const colleague = await assignForm.locator("option", { hasText: /^이도윤 · / }).getAttribute("value");
  await assignForm.getByLabel("담당자", { exact: true }).selectOption(colleague!);
  await assignForm.getByRole("button", { name: "배정하기" }).click();
  await expect(notice(page)).toHaveText("담당자를 배정했습니다.");
  await expect(history(page).locator('li[data-event="ticket.assigned"]').last()).toContainText("이도윤에게 배정");
  await page.getByRole("button", { name: "나에게 배정" }).click();
  await expect(history(page).locator('li[data-event="ticket.assigned"]').last()).toContainText("김하늘에게 배정");
  await expect(page.getByRole("region", { name: "접수 정보" })).toContainText("김하늘 (agent1@desk.example)");

  // Wait on the customer, then resume.
  await openAction(page, "pause");
  await page.locator('form[data-intent="pause"]').getByLabel("보완 요청 내용", { exact: true }).fill("신분증 사본을 보내 주세요.");
  await page.getByRole("button", { name: "보완 요청하고 대기" }).click();
  await expect(notice(page)).toContainText("고객 보완 대기로 바꾸었습니다");
  await expect(page.locator("h1 + p .badge")).toHaveText("고객 보완 대기");
  await expect(history(page).locator('li[data-event="ticket.paused"]')).toContainText("사유: 신분증 사본을 보내 주세요.");
  await page.getByRole("button", { name: "처리 재개" }).click();
  await expect(notice(page)).toHaveText("처리를 재개했습니다.");
  await expect(page.locator("h1 + p .badge")).toHaveText("처리 중");

  // Resolve with a final answer.
  await openAction(page, "resolve");
  await page.locator('form[data-intent="resolve"]').getByLabel("최종 답변", { exact: true }).fill("요청하신 내용을 처리하였습니다.");
  // The final answer is irreversible: the form asks for a confirmation (the browser's dialog is skipped when ticked).
  await page.locator('form[data-intent="resolve"]').getByLabel("확인했습니다").check();
  await page.getByRole("button", { name: "최종 답변 보내고 완료" }).click();
  await expect(notice(page)).toContainText("답변 완료로 바꾸었습니다");
  await expect(page.locator("h1 + p .badge")).toHaveText("답변 완료");
  await expect(history(page).locator('li[data-event="ticket.resolved"]')).toBeVisible();
  await expect(conversation.locator('article[data-kind="final_answer"]')).toContainText("요청하신 내용을 처리하였습니다.");
  // A resolved ticket offers close and reopen, no longer pause or resolve.
  await expect(page.getByRole("button", { name: "종결하기" })).toBeVisible();
  await expect(page.locator("#action-pause")).toHaveCount(0);
  await expect(page.locator("#action-resolve")).toHaveCount(0);
});

test("an empty reply keeps what was chosen and shows the error beside the field, in Korean and English", async ({ page }) => {
  const reference = await newInquiry(page, { subject: "인증서 등록 문의" });
  await loginAs(page, AGENT);
  await openTicket(page, reference);
  const events = await history(page).locator("ol.timeline > li").count();

  const replyForm = page.locator('form[data-intent="reply"]');
  await replyForm.getByRole("radio", { name: "우편" }).check();
  await replyForm.getByLabel("답변 내용", { exact: true }).fill("   ");
  await page.locator('form[data-intent="note"]').getByLabel("메모 내용", { exact: true }).fill("다른 양식의 메모");
  await replyForm.getByRole("button", { name: "답변 보내기" }).click();

  const body = replyForm.getByLabel("답변 내용", { exact: true });
  await expect(replyForm.locator("#field-reply-body-error")).toHaveText("필수 입력 항목입니다.");
  await expect(body).toHaveAttribute("aria-invalid", "true");
  await expect(body).toHaveAttribute("aria-describedby", /field-reply-body-error/);
  await expect(replyForm.getByRole("radio", { name: "우편" })).toBeChecked();
  await expect(replyForm.getByRole("alert")).toBeFocused();
  // Only the submitted form shows the error; the other form keeps its text and has none.
  await expect(page.locator('form[data-intent="note"] .error')).toHaveCount(0);
  await expect(page.locator('form[data-intent="note"]').getByLabel("메모 내용", { exact: true })).toHaveValue("다른 양식의 메모");
  await expect(history(page).locator("ol.timeline > li")).toHaveCount(events);

  await page.getByRole("button", { name: /언어 바꾸기/ }).click();
  await expect(page.getByRole("heading", { name: "Conversation" })).toBeVisible();
  await expect(page.locator("article.ticket-page")).toHaveAttribute("data-hydrated", "");
  const english = page.locator('form[data-intent="reply"]');
  await english.getByRole("radio", { name: "Postal mail" }).check();
  await english.getByRole("button", { name: "Send reply" }).click();
  await expect(english.locator("#field-reply-body-error")).toHaveText("This field is required.");
  await expect(english.getByRole("radio", { name: "Postal mail" })).toBeChecked();
});

test("a customer-typed <script> subject is shown as text", async ({ page }) => {
  // No long digit runs in customer text: they would be masked as account numbers.
  const subject = `<script>window.__xss = 1; alert("xss")</script> 결제 문의 ${tag()}`;
  const reference = await newInquiry(page, { subject, name: "<b>홍길동</b>", body: '<img src=x onerror="window.__xss=2">내용입니다' });

  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await loginAs(page, AGENT);
  await page.goto("/desk?tab=active");
  await searchAndOpen(page, reference);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(subject);
  await expect(page.getByRole("region", { name: "접수 정보" })).toContainText("<b>홍길동</b>");
  await expect(page.getByRole("region", { name: "대화 기록" })).toContainText('<img src=x onerror="window.__xss=2">내용입니다');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator("h1 script, main img[src=x]").count()).toBe(0);

  await page.goto(`/desk?q=${reference}`);
  await expect(page.locator("table tbody")).toContainText(subject);
  expect(dialogs).toEqual([]);
});

test("attachments upload and download with the stored type and a UTF-8 filename", async ({ page }) => {
  const reference = await newInquiry(page, { subject: "서류 제출" });
  await loginAs(page, AGENT);
  await openTicket(page, reference);

  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
  await openAction(page, "upload");
  await page
    .locator('form[data-intent="upload"]')
    .getByLabel("첨부 파일", { exact: true })
    .setInputFiles({ name: "신분증 사본.png", mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "파일 올리기" }).click();
  await expect(notice(page)).toHaveText("첨부 파일을 추가했습니다.");

  const link = page.getByRole("region", { name: "첨부 파일" }).getByRole("link", { name: "신분증 사본.png" }).last();
  const href = (await link.getAttribute("href"))!;
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
  // (The server's own middleware sends nosniff on every response as well.)
  expect(response.headers()["x-content-type-options"]).toMatch(/^nosniff(, nosniff)?$/);
  expect(response.headers()["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("신분증 사본.png")}`);
  expect(Buffer.from(await response.body()).equals(png)).toBe(true);

  // A file that is not what it claims is refused beside the field.
  await openAction(page, "upload");
  await page
    .locator('form[data-intent="upload"]')
    .getByLabel("첨부 파일", { exact: true })
    .setInputFiles({ name: "evil.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html>hi</html>") });
  await page.getByRole("button", { name: "파일 올리기" }).click();
  await expect(page.locator("#field-upload-files-error")).toContainText("PDF, PNG, JPEG, TIFF");
});

test("an unknown reference is a 404 page, and the queue survives bad parameters", async ({ page }) => {
  await loginAs(page, AGENT);
  const response = await page.goto("/desk/tickets/000101-9999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("문의를 찾을 수 없습니다");
  await expect(page.getByRole("link", { name: "업무함으로 돌아가기" })).toBeVisible();

  const queue = await page.goto("/desk?tab=nope&channel=pigeon&cursor=%%%");
  expect(queue?.status()).toBe(200);
  await expect(page.getByRole("status").filter({ hasText: "올바르지 않은 조건은 무시했습니다" })).toContainText("채널");
  await expect(page.getByRole("link", { name: "내 업무" })).toHaveAttribute("aria-current", "page");
});

test("the queue and the ticket page have no serious accessibility problems", async ({ page }) => {
  const reference = await newInquiry(page, { subject: "접근성 점검 문의" });
  await loginAs(page, AGENT);
  await page.goto("/desk?tab=active");
  await expect(page.locator("table caption")).toBeVisible();
  await expectAccessible(page);

  await openTicket(page, reference);
  for (const details of await page.locator("details.desk-action").all()) await details.locator("summary").click();
  await expectAccessible(page);
  // With an error summary and field errors showing.
  await page.locator('form[data-intent="reply"]').getByRole("button", { name: "답변 보내기" }).click();
  await expect(page.locator("#field-reply-body-error")).toBeVisible();
  await expectAccessible(page);
});
