// The customer portal end to end in real Chromium: file → tracking link → track → staff asks for
// more (pause) → the customer replies (the clock resumes) → staff resolves → the customer rates 2
// (reopened) → files a guarantee claim; plus lookup, /status and the 404 for a wrong link, with an
// axe-core check on every portal page.
//
// The tracking link is the one the customer receives: it is read from the acknowledgment e-mail
// that the desk sent to the SMTP sink of the run (tests/e2e/support/mailbox.ts), and the
// confirmation page must show the same link.
import path from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";
import { waitForMail } from "./support/mailbox";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

/** No serious or critical accessibility problems (axe-core, WCAG 2 A/AA rules). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Opens a collapsed desk action (a <details>) unless it is open already. */
async function openAction(page: Page, intent: string) {
  const details = page.locator(`#action-${intent}`);
  if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
}

async function staffPage(browser: Browser, reference: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, "agent1@desk.example");
  await page.goto(`/desk/tickets/${reference}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);
  return page;
}

const notice = (page: Page) => page.locator("#done");

test("file → track → reply to staff → rate → claim", async ({ page, browser }) => {
  // The whole journey with eleven axe scans: on a shared, loaded machine it runs past the default minute.
  test.slow();
  // The home page states the promises and leads to the portal.
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "저희가 지키는 약속" })).toBeVisible();
  await expect(page.getByText("답변이 만족스럽지 않으시면 알려 주세요.")).toBeVisible();
  await expect(page.getByRole("link", { name: "접수번호로 처리 상황 조회하기" })).toBeVisible();
  await expectAccessible(page);

  // File a complaint.
  await page.goto("/inquiry");
  await expect(page.locator("form#inquiry-form")).toHaveAttribute("novalidate", "");
  await page.getByRole("radio", { name: "불만", exact: true }).check();
  await expect(page.getByLabel("응대한 직원 (아시는 경우)")).toBeHidden();
  await page.getByRole("radio", { name: "불친절 신고", exact: true }).check();
  await expect(page.getByLabel("응대한 직원 (아시는 경우)")).toBeVisible();
  await page.getByRole("radio", { name: "불만", exact: true }).check();
  await page.getByLabel("이름").fill("김포털");
  await page.getByRole("textbox", { name: /이메일/ }).fill("portal-e2e@example.com");
  await page.getByLabel("문의 유형").selectOption("auto_debit");
  await page.getByLabel("제목").fill("해지한 자동이체가 또 출금되었습니다");
  await page.getByLabel("문의 내용").fill("3월에 해지했는데 4월에도 출금되었습니다.\n<b>굵게</b> 보이면 안 됩니다.");
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await expectAccessible(page);
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page).toHaveURL(/\/inquiry\/received$/);
  const reference = (await page.locator(".receipt .reference").textContent())!.trim();
  expect(reference).toMatch(/^\d{6}-\d{4,}$/);
  const shownUrl = await page.getByLabel("처리 상황 확인 링크 (복사해서 보관하세요)").inputValue();
  await expectAccessible(page);

  // The acknowledgment e-mail the customer receives carries the tracking link (the one on the page).
  const acknowledgment = await waitForMail("portal-e2e@example.com", `접수번호 ${reference}`);
  expect(acknowledgment.subject).toBe(`[고객만족센터] 문의가 접수되었습니다 (접수번호 ${reference})`);
  const linkPattern = new RegExp(`https?://[^\\s"'<>]+/track/${reference}\\?t=[A-Za-z0-9_-]{43}`);
  const trackingUrl = acknowledgment.text.match(linkPattern)?.[0];
  expect(trackingUrl, `the tracking link in the e-mail:\n${acknowledgment.text}`).toBeTruthy();
  expect(acknowledgment.html).toContain(`href="${trackingUrl}"`);
  expect(shownUrl).toBe(trackingUrl);

  // The link opens the track page; the token leaves the address bar.
  const link = new URL(trackingUrl!);
  await page.goto(`${link.pathname}${link.search}`);
  await expect(page).toHaveURL(new RegExp(`/track/${reference}$`));
  await expect(page.getByRole("heading", { level: 1, name: "처리 상황" })).toBeVisible();
  await expect(page.locator(".status-words")).toHaveText("접수되었습니다. 담당자에게 전달하고 있습니다.");
  await expect(page.locator(".due")).toHaveText(/^늦어도 .+월 .+일\(.\) \d+시( \d+분)?까지 답변드립니다\.$/);
  await expect(page.locator(".conversation")).toContainText("<b>굵게</b> 보이면 안 됩니다.");
  await expect(page.locator(".conversation b")).toHaveCount(0);
  await expectAccessible(page);

  // Staff ask for more (보완 요청): the clock stops.
  const staff = await staffPage(browser, reference);
  await openAction(staff, "pause");
  await staff.locator('form[data-intent="pause"]').getByLabel("보완 요청 내용", { exact: true }).fill("해지 신청 확인서를 보내 주세요.");
  await staff.locator('form[data-intent="pause"]').getByRole("button", { name: "보완 요청하고 대기" }).click();
  await expect(staff.locator(".badge.status-waiting")).toBeVisible();

  await page.reload();
  await expect(page.locator(".status-words")).toHaveText("고객님의 보완 자료를 기다리고 있습니다.");
  // The request stands both as what is awaited and in the conversation.
  await expect(page.getByText("해지 신청 확인서를 보내 주세요.")).toHaveCount(2);
  await expect(page.locator(".conversation").getByText("해지 신청 확인서를 보내 주세요.")).toBeVisible();
  await expectAccessible(page);

  // The customer replies with the document: the clock runs again.
  await page.getByLabel(/^내용/).fill("해지 신청 확인서를 첨부합니다.");
  await page.getByLabel(/^첨부 파일/).setInputFiles(path.join(fixtures, "sample.pdf"));
  await page.getByRole("button", { name: "보내기", exact: true }).click();
  await expect(notice(page)).toHaveText("보내 주신 내용을 받았습니다. 처리 기한이 다시 흐릅니다.");
  await expect(notice(page)).toBeFocused();
  await expect(page.locator(".status-words")).toHaveText("담당자가 처리하고 있습니다.");
  await expect(page.locator(".conversation")).toContainText("해지 신청 확인서를 첨부합니다.");
  await expect(page.locator(".conversation")).toContainText("sample.pdf");
  await expectAccessible(page);

  // Staff see the reply and resolve.
  await staff.reload();
  await expect(staff.locator(".badge.status-open")).toBeVisible();
  await openAction(staff, "resolve");
  await staff.locator('form[data-intent="resolve"]').getByLabel("최종 답변", { exact: true }).fill("부당 출금액을 환급했습니다.");
  // The final answer is irreversible: the form asks for a confirmation (the browser's dialog is skipped when ticked).
  await staff.locator('form[data-intent="resolve"]').getByLabel("확인했습니다").check();
  await staff.locator('form[data-intent="resolve"]').getByRole("button", { name: "최종 답변 보내고 완료" }).click();
  await expect(staff.locator(".badge.status-resolved")).toBeVisible();

  // The customer rates 2: the ticket reopens with an immediate correction.
  await page.reload();
  await expect(page.locator(".status-words")).toHaveText("답변을 드렸습니다.");
  await expect(page.locator(".conversation")).toContainText("부당 출금액을 환급했습니다.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "평가 보내기" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "입력 내용을 확인해 주세요" })).toBeVisible();
  await page.getByRole("radio", { name: "2점 · 불만족" }).check();
  await page.getByLabel("의견").fill("환급 금액이 맞지 않습니다.");
  await page.getByRole("button", { name: "평가 보내기" }).click();
  await expect(notice(page)).toHaveText("불편을 드려 죄송합니다. 문의를 다시 열었습니다. 담당자가 바로 다시 확인해 답변드리겠습니다.");
  await expect(page.locator(".status-words")).toHaveText("담당자가 처리하고 있습니다.");
  await expect(page.locator(".due")).toContainText("다시 확인해 바로 답변드리겠습니다.");
  await expectAccessible(page);

  await staff.reload();
  await expect(staff.locator(".badge.status-open")).toBeVisible();

  // A guarantee claim opens the case, shown on the page.
  // Which promise and what happened are both needed (issue 21): an empty claim is refused.
  await page.getByRole("button", { name: "약속한 기한이 지켜지지 않았어요" }).click();
  await expect(page.locator("#field-note-error")).toHaveText("필수 입력 항목입니다.");
  await page.getByRole("radio", { name: "답변 기한을 넘겼습니다" }).check();
  await page.getByLabel(/어떤 약속이 지켜지지 않았나요\?/).fill("처리 기한 안에 제대로 된 답변을 받지 못했습니다.");
  await page.getByRole("button", { name: "약속한 기한이 지켜지지 않았어요" }).click();
  // When it will be answered: the fact-check clock's due date in words.
  await expect(notice(page)).toHaveText(
    /^서비스 보증 신청을 받았습니다\. 사실을 확인해 \d+월 \d+일\(.\) \d+시( \d+분)?까지 결과를 알려 드리겠습니다\.$/,
  );
  await expect(page.locator(".case")).toContainText("서비스 보증 건이");
  await expect(page.locator(".case")).toContainText("사실 확인 결과를 늦어도");
  await expect(page.getByRole("button", { name: "더 알려 주실 내용 보내기" })).toBeVisible();
  await expectAccessible(page);

  // In English too.
  await page.getByRole("button", { name: /Change language/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Progress of your inquiry" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: /Change language/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "처리 상황" })).toBeVisible();

  // Done on a shared computer: the page needs the link or a code again.
  await page.getByRole("button", { name: "이 브라우저에서 조회 끝내기" }).click();
  await expect(page).toHaveURL(/\/lookup$/);
  await page.goto(`/track/${reference}`);
  await expect(page).toHaveURL(new RegExp(`/lookup\\?reference=${reference}$`));
  await staff.context().close();
});

test("a wrong link and an unknown reference get the same page; lookup asks for a code without telling", async ({ page }) => {
  await page.goto(`/track/260101-0001?t=${"x".repeat(43)}`);
  const unknown = await page.locator("main").innerText();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("처리 상황을 찾을 수 없습니다");
  await expectAccessible(page);

  // A real reference with a wrong token: the same page.
  await page.goto("/inquiry");
  await expect(page.locator("form#inquiry-form")).toHaveAttribute("novalidate", "");
  await page.getByLabel("이름").fill("조회용");
  await page.getByRole("textbox", { name: /이메일/ }).fill("lookup-e2e@example.com");
  await page.getByLabel("제목").fill("조회 시험");
  await page.getByLabel("문의 내용").fill("조회 시험입니다.");
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  const reference = (await page.locator(".receipt .reference").textContent())!.trim();
  const wrong = await page.goto(`/track/${reference}?t=${"x".repeat(43)}`);
  expect(wrong?.status()).toBe(404);
  expect(await page.locator("main").innerText()).toBe(unknown);

  // Lookup: the same "if it matches, we sent a code" for a real and a made-up reference.
  await page.goto(`/track/${reference}`);
  await expect(page).toHaveURL(new RegExp(`/lookup\\?reference=${reference}$`));
  await expect(page.getByLabel("접수번호")).toHaveValue(reference);
  await expectAccessible(page);
  await page.getByLabel("이메일 또는 휴대전화 번호").fill("lookup-e2e@example.com");
  await page.getByRole("button", { name: "인증번호 받기" }).click();
  await expect(page.getByRole("heading", { name: "인증번호 입력" })).toBeVisible();
  const sentReal = await page.locator(".notice").innerText();
  await expectAccessible(page);
  await page.getByLabel("인증번호 6자리").fill("000000");
  await page.getByRole("button", { name: "확인", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("인증번호가 맞지 않거나 유효 시간이 지났습니다.");
  await expectAccessible(page);

  await page.goto("/lookup");
  await page.getByLabel("접수번호").fill("260101-0002");
  await page.getByLabel("이메일 또는 휴대전화 번호").fill("lookup-e2e@example.com");
  await page.getByRole("button", { name: "인증번호 받기" }).click();
  await expect(page.getByRole("heading", { name: "인증번호 입력" })).toBeVisible();
  expect(await page.locator(".notice").innerText()).toBe(sentReal);

  // Malformed input is explained beside the field, and what was typed stays.
  await page.goto("/lookup");
  await page.getByLabel("접수번호").fill("12-34");
  await page.getByRole("button", { name: "인증번호 받기" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "입력 내용을 확인해 주세요" })).toBeFocused();
  await expect(page.getByLabel("접수번호")).toHaveValue("12-34");
  await expect(page.locator("#field-reference-error")).toHaveText("접수번호를 확인해 주세요. (예: 260430-0042)");
  await expectAccessible(page);
});

test("/status says plainly when nothing is disrupted", async ({ page }) => {
  await page.goto("/status");
  await expect(page.getByRole("heading", { level: 1, name: "서비스 상태" })).toBeVisible();
  // The operations engineer's tests may have declared outages in the same server; either way the page is readable.
  const none = page.getByText("현재 서비스 장애나 예정된 점검이 없습니다.");
  const outages = page.getByRole("heading", { name: "서비스 장애" });
  await expect(none.or(outages).first()).toBeVisible();
  await expectAccessible(page);
});

test("an unkindness report from the form is linked to the staff member on the desk, and the apology recorded", async ({
  page,
  browser,
}) => {
  await page.goto("/inquiry");
  await expect(page.locator("form#inquiry-form")).toHaveAttribute("novalidate", "");
  await page.getByRole("radio", { name: "불친절 신고", exact: true }).check();
  await page.getByLabel("응대한 직원 (아시는 경우)").fill("민원1팀 이 모 직원");
  await page.getByLabel("이름").fill("신고인");
  await page.getByRole("textbox", { name: /이메일/ }).fill("unkind-e2e@example.com");
  await page.getByLabel("제목").fill("전화 응대가 불친절했습니다");
  await page.getByLabel("문의 내용").fill("질문을 끝까지 듣지 않고 전화를 끊었습니다.");
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  const reference = (await page.locator(".receipt .reference").textContent())!.trim();

  const context = await browser.newContext();
  const lead = await context.newPage();
  await loginAs(lead, "lead1@desk.example");
  await lead.goto(`/desk/tickets/${reference}`);
  await expect(lead.locator("main")).toContainText("[응대 직원] 민원1팀 이 모 직원");
  const voice = lead.getByRole("region", { name: "고객 의견·불친절" });
  await expect(voice).toBeVisible();
  await expectAccessible(lead);
  await voice.getByLabel("신고 대상 직원").selectOption({ label: "이도윤 (agent2@desk.example) · 민원1팀" });
  await voice.getByRole("button", { name: "불친절 신고 기록" }).click();
  await expect(voice.getByRole("status")).toHaveText("불친절 신고 대상 직원을 기록했습니다. 사과 기한은 신고가 접수된 때부터 셉니다.");
  await expect(voice).toContainText("신고 대상: 이도윤 (agent2@desk.example)");
  await expect(voice).toContainText("사과 기한:");
  await expect(voice).toContainText("최근 12개월 불친절 신고 1건");
  await expectAccessible(lead);
  await voice.getByRole("button", { name: "사과 완료 기록" }).click();
  await expect(voice.getByRole("status")).toHaveText("사과 완료를 기록했습니다.");
  await expect(voice).toContainText("사과 완료:");
  await context.close();
});
