// The rest of the charter end to end in real Chromium (issue 19), each page checked by axe-core:
// - praise (칭찬): a customer praises a staff member by name on the public form, staff confirm who
//   it is, the customer gets the acknowledgement and a reply, and the dashboard counts the praise
//   beside that person's name;
// - an information-disclosure request (정보공개 청구): filed on the public form, the decision period
//   extended once with its reason sent to the requester, then a partial disclosure (부분공개) with its
//   reason and how to object, sent to the requester as the final answer;
// - remote expert support (원격지원): asked for from a ticket, booked by an expert, the appointment
//   and how to join sent to the customer, the outcome recorded.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs, refreshDashboard } from "./support/desk";
import { waitForMail } from "./support/mailbox";

const MANAGER = "manager@desk.example"; // 최민수: sees every ticket and the dashboard

/** No serious or critical accessibility problems (axe-core, WCAG 2 A/AA rules). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const tag = () => Math.random().toString(36).slice(2, 7);

/** Files the public inquiry form as `kind` and returns the reference shown on the receipt. */
async function fileOnline(page: Page, input: { kind: string; email: string; subject: string; body: string; staffName?: string }) {
  await page.goto("/inquiry");
  await page.getByRole("radio", { name: input.kind, exact: true }).check();
  if (input.staffName) await page.getByLabel("응대한 직원 (아시는 경우)").fill(input.staffName);
  await page.getByLabel("이름").fill("헌장고객");
  await page.getByRole("textbox", { name: /이메일/ }).fill(input.email);
  await page.getByLabel("제목").fill(input.subject);
  await page.getByLabel("문의 내용").fill(input.body);
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page).toHaveURL(/\/inquiry\/received$/);
  await expectAccessible(page);
  return (await page.locator(".receipt .reference").textContent())!.trim();
}

/** The praise count of one staff member in the dashboard's per-person table, counted now (0 when not listed). */
async function praiseOnDashboard(page: Page, name: string): Promise<number> {
  await page.goto("/dashboard");
  // The page is served from a snapshot up to a minute old: count the figures now.
  await refreshDashboard(page);
  const section = page.getByRole("region", { name: "직원별 칭찬과 불친절 신고" });
  await expect(section).toBeVisible();
  const row = section.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  if ((await row.count()) === 0) return 0;
  return Number((await row.locator("td").nth(1).textContent())!.trim());
}

/** The next working day (no weekend, no fixed public holiday) after today in KST, at 14:00 KST, as datetime-local. */
function nextWorkingDayAt14(): string {
  const fixed = ["01-01", "03-01", "05-05", "06-06", "08-15", "10-03", "10-09", "12-25"];
  let day = new Date(Date.now() + 9 * 3_600_000);
  for (;;) {
    day = new Date(day.getTime() + 86_400_000);
    const iso = day.toISOString().slice(0, 10);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !fixed.includes(iso.slice(5))) return `${iso}T14:00`;
  }
}

test("praise for a staff member is confirmed by staff, acknowledged to the customer and counted per person on the dashboard", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000); // many pages, each checked by axe, on a shared 2-core machine
  const staffContext = await browser.newContext();
  const desk = await staffContext.newPage();
  await loginAs(desk, MANAGER);
  const before = await praiseOnDashboard(desk, "김하늘");

  const email = `praise-${tag()}@example.com`;
  const reference = await fileOnline(page, {
    kind: "직원 칭찬",
    staffName: "민원1팀 김 상담원 (지난주 화요일 전화)",
    email,
    subject: "친절한 상담에 감사드립니다",
    body: "인증서 재발급을 끝까지 차근차근 도와주셨습니다.",
  });
  // The acknowledgement goes out at once.
  await waitForMail(email, `문의가 접수되었습니다 (접수번호 ${reference})`);

  // Staff read the name the customer typed and confirm who it is.
  await desk.goto(`/desk/tickets/${reference}`);
  await expect(desk.locator("main")).toContainText("[칭찬 직원] 민원1팀 김 상담원 (지난주 화요일 전화)");
  const voice = desk.getByRole("region", { name: "고객 의견·불친절" });
  await expect(voice.getByRole("heading", { name: "직원 칭찬" })).toBeVisible();
  await voice.getByLabel("칭찬받은 직원", { exact: true }).selectOption({ label: "김하늘 (agent1@desk.example) · 민원1팀" });
  await voice.getByRole("button", { name: "칭찬받은 직원 기록" }).click();
  await expect(voice.getByRole("status")).toContainText("칭찬받은 직원을 기록했습니다.");
  await expect(voice).toContainText("칭찬받은 직원: 김하늘 (agent1@desk.example)");
  await expect(voice).toContainText(/최근 12개월 칭찬 \d+건/);
  await expectAccessible(desk);

  // The thanks reach the customer within the reply standard.
  const replyForm = desk.locator('form[data-intent="reply"]');
  await replyForm.getByLabel("답변 내용", { exact: true }).fill("칭찬해 주셔서 감사합니다. 김하늘 직원에게 전하고 널리 알리겠습니다.");
  await replyForm.getByRole("radio", { name: "이메일" }).check();
  await replyForm.getByRole("button", { name: "답변 보내기" }).click();
  await expect(desk.getByText("고객에게 답변을 보냈습니다.")).toBeVisible();
  const reply = await waitForMail(email, `문의에 대한 답변 (접수번호 ${reference})`);
  expect(reply.text).toContain("김하늘 직원에게 전하고");

  // Counted beside that person on the dashboard.
  expect(await praiseOnDashboard(desk, "김하늘")).toBe(before + 1);
  await expectAccessible(desk);
  await staffContext.close();
});

test("an information-disclosure request is extended once and decided as a partial disclosure, each step sent to the requester", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000); // many pages, each checked by axe, on a shared 2-core machine
  const email = `disclosure-${tag()}@example.com`;
  const reference = await fileOnline(page, {
    kind: "정보공개 청구",
    email,
    subject: "2025년 민원 처리 통계 공개 청구",
    body: "2025년 월별 민원 접수·처리 건수와 처리 기간 통계를 공개해 주십시오.",
  });

  const staffContext = await browser.newContext();
  const desk = await staffContext.newPage();
  await loginAs(desk, MANAGER);
  await desk.goto(`/desk/tickets/${reference}`);
  await desk.getByRole("link", { name: "정보공개 결정·기간 연장" }).click();
  await expect(desk).toHaveURL(new RegExp(`/desk/tickets/${reference}/disclosure$`));
  await expect(desk.getByRole("heading", { level: 1 })).toHaveText("정보공개 청구 처리");
  await expect(desk.getByRole("region", { name: "결정 기한" })).toContainText("공개 여부 결정 기한:");
  await expectAccessible(desk);

  // The extension: its reason and new deadline go to the requester; it can be done only once.
  await desk.getByLabel("연장 사유").fill("요청하신 통계가 여러 부서에 나뉘어 있어 취합에 시간이 더 필요합니다.");
  await desk.getByRole("button", { name: "연장하고 청구인에게 알리기" }).click();
  await expect(desk.getByRole("status")).toHaveText("결정 기간을 연장하고 청구인에게 사유와 새 기한을 보냈습니다.");
  await expect(desk.locator("main")).toContainText("결정 기간을 연장했습니다. 사유: 요청하신 통계가 여러 부서에 나뉘어 있어");
  await expect(desk.getByRole("button", { name: "연장하고 청구인에게 알리기" })).toHaveCount(0);
  const extended = await waitForMail(email, `정보공개 결정 기간 연장 안내 (접수번호 ${reference})`);
  expect(extended.text).toContain("여러 부서에 나뉘어 있어");

  // A partial disclosure without its reason is refused beside the field, what was typed kept.
  await desk.getByRole("radio", { name: "부분공개", exact: true }).check();
  await desk.getByLabel("결정 사유").fill("");
  await desk.getByLabel("청구인에게 보낼 답변").fill("월별 접수·처리 건수를 첨부와 같이 공개합니다.");
  await desk.getByRole("button", { name: "결정하고 청구인에게 보내기" }).click();
  await expect(desk.getByRole("alert").filter({ hasText: "결정 사유" }).first()).toBeVisible();
  await expect(desk.getByLabel("청구인에게 보낼 답변")).toHaveValue("월별 접수·처리 건수를 첨부와 같이 공개합니다.");
  await expect(desk.getByRole("radio", { name: "부분공개", exact: true })).toBeChecked();
  await expectAccessible(desk);

  await desk.getByLabel("결정 사유").fill("처리 기간 통계 중 개인을 알아볼 수 있는 항목은 정보공개법 제9조 제1항 제6호에 따라 제외합니다.");
  await expect(desk.getByLabel("이의신청 방법")).not.toHaveValue("");
  await desk.getByRole("radio", { name: "이메일" }).check();
  await desk.getByRole("button", { name: "결정하고 청구인에게 보내기" }).click();
  await expect(desk.getByRole("status")).toHaveText("결정을 기록하고 청구인에게 보냈습니다.");
  // The particle follows the word: 부분공개로, not 부분공개으로.
  await expect(desk.locator("main")).toContainText("부분공개로 결정했습니다.");
  await expectAccessible(desk);

  const decision = await waitForMail(email, `문의에 대한 최종 답변 (접수번호 ${reference})`);
  expect(decision.text).toContain("부분공개");
  expect(decision.text).toContain("제9조 제1항 제6호");
  expect(decision.text).toContain("이의신청");
  expect(decision.text).toContain("월별 접수·처리 건수를 첨부와 같이 공개합니다.");

  // The ticket's history has the steps in words.
  await desk.goto(`/desk/tickets/${reference}`);
  await expect(desk.locator("main")).not.toContainText("disclosure.");
  await staffContext.close();
});

test("remote expert support is asked for from a ticket, booked by an expert, sent to the customer and its outcome recorded", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000); // many pages, each checked by axe, on a shared 2-core machine
  const email = `remote-${tag()}@example.com`;
  const reference = await fileOnline(page, {
    kind: "문의",
    email,
    subject: "보안 프로그램 설치가 계속 실패합니다",
    body: "전화 안내대로 해 보았지만 설치 중 오류가 반복됩니다.",
  });

  const staffContext = await browser.newContext();
  const desk = await staffContext.newPage();
  await loginAs(desk, MANAGER);
  await desk.goto(`/desk/tickets/${reference}`);
  await desk.getByRole("region", { name: "원격지원" }).getByRole("link", { name: "원격지원 요청·예약" }).click();
  await expect(desk).toHaveURL(new RegExp(`/desk/tickets/${reference}/remote$`));
  await expect(desk.getByText("아직 원격지원을 요청하지 않았습니다.")).toBeVisible();
  await expectAccessible(desk);

  // Empty problem: refused beside the field.
  await desk.getByRole("button", { name: "원격지원 요청하기" }).click();
  await expect(desk.getByRole("alert").first()).toBeVisible();
  await desk.getByLabel("해결이 필요한 문제").fill("보안 프로그램 설치 오류 — 전화 안내로 해결되지 않음");
  await desk.getByRole("button", { name: "원격지원 요청하기" }).click();
  await expect(desk.getByRole("status")).toHaveText("원격지원을 요청했습니다. 전문가의 연락 기한이 시작되었습니다.");
  await expect(desk.locator("main")).toContainText("전문가 연락 기한:");

  // The expert books the next working day; the customer receives when and how to join.
  const at = nextWorkingDayAt14();
  await desk.getByLabel("예약 일시").fill(at);
  await desk.getByLabel("접속 방법").fill("예약 시각에 전화드려 접속 번호 6자리를 알려 드립니다.");
  await desk.getByRole("button", { name: "예약하고 고객에게 알리기" }).click();
  await expect(desk.getByRole("status")).toHaveText("원격지원을 예약하고 고객에게 일시와 접속 방법을 보냈습니다.");
  await expect(desk.locator("main")).toContainText("예약한 원격지원:");
  await expectAccessible(desk);
  const appointment = await waitForMail(email, `원격지원 예약 안내 (접수번호 ${reference})`);
  expect(appointment.text).toContain("접속 번호 6자리");
  expect(appointment.text).toContain("14:00");

  // The outcome.
  await desk.getByRole("radio", { name: "원격지원을 진행함" }).check();
  await desk.getByLabel("메모").fill("원격으로 보안 프로그램을 다시 설치해 해결");
  await desk.getByRole("button", { name: "결과 기록하기" }).click();
  await expect(desk.getByRole("status")).toHaveText("원격지원 결과를 기록했습니다.");
  const record = desk.getByRole("region", { name: "원격지원 기록" });
  await expect(record).toContainText("원격지원을 진행함 — 원격으로 보안 프로그램을 다시 설치해 해결");
  await expectAccessible(desk);
  await staffContext.close();
});
