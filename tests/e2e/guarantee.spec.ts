// The service guarantee end to end: a contact logged a week late is breached by an enforcement
// pass (the CLI, against the running desk's embedded database), its case appears on
// /desk/guarantee, and the staff member concerned takes it through fact check → apology →
// the customer's confirmation. The ticket page shows the breached clock and how it was counted.
import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";

const AGENT = "agent1@desk.example"; // 김하늘, 민원1팀

/** No serious or critical accessibility problems (axe-core, WCAG 2 A/AA rules). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The KST datetime-local value of now plus some minutes. */
function kstLocal(offsetMinutes: number): string {
  return new Date(Date.now() + offsetMinutes * 60_000 + 9 * 3_600_000).toISOString().slice(0, 16);
}

/** One enforcement pass now, with the CLI, on the desk's embedded database (reused while it runs). */
function sweep(): string {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: ".data/e2e" };
  delete env.DATABASE_URL;
  return execFileSync("npm", ["run", "--silent", "desk", "--", "sla:sweep"], { env, encoding: "utf8", timeout: 120_000 });
}

async function openCase(page: Page, reference: string) {
  await page.goto("/desk/guarantee");
  const row = page.locator(`tr[data-reference="${reference}"]`);
  await expect(row).toHaveCount(1);
  return row;
}

const caseNotice = (page: Page) => page.locator("#case-done");

test("an overdue contact opens a guarantee case that is fact-checked, apologised for and closed", async ({ page }) => {
  test.setTimeout(180_000);
  await loginAs(page, AGENT);

  // The header leads to the guarantee cases.
  await expect(page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "보증 사례" })).toHaveAttribute(
    "href",
    "/desk/guarantee",
  );

  // A letter that arrived a week ago and was only logged now: its "1일 내 답변" is long past.
  const subject = `보증 사례 e2e ${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/desk/log-contact");
  await expect(page.locator("form#log-contact-form")).toHaveAttribute("novalidate", "");
  await page
    .getByRole("group", { name: /접수 경로/ })
    .getByRole("radio", { name: "우편", exact: true })
    .check();
  await page.getByLabel(/실제 접수 시각/).fill(kstLocal(-7 * 24 * 60));
  await page.getByLabel("이름").fill("최보증");
  await page.getByRole("textbox", { name: /이메일/ }).fill("guarantee@example.com");
  await page.getByLabel("제목").fill(subject);
  await page.getByLabel(/^내용/).fill("지난주에 보낸 서신에 대한 답변을 받지 못했습니다.");
  await page.getByRole("button", { name: "접수 등록" }).click();
  await expect(page).toHaveURL(/\/desk\/tickets\/\d{6}-\d{4,}\?done=logged$/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;

  // The agent takes the ticket: she is the staff member concerned.
  await expect(page.locator("article.ticket-page")).toHaveAttribute("data-hydrated", "");
  // The "logged" notice is already showing, so wait for the assignment's own words.
  await page.getByRole("button", { name: "나에게 배정" }).click();
  await expect(page.locator(".desk-live .notice")).toHaveText("담당자를 배정했습니다.");

  const printed = sweep();
  expect(printed).toContain("Sweep finished");

  // The case is listed: which promise was broken, and the fact-check deadline.
  const row = await openCase(page, reference);
  await expect(row).toContainText("1일 내 답변 기한을 지키지 못함");
  await expect(row).toContainText("진행 중");
  await expect(row.locator("td.fact-check-due time")).toHaveText(/^\d{4}-\d{2}-\d{2} \(.\) \d{2}:\d{2}$/);
  await expectAccessible(page);
  await row.getByRole("link", { name: `${reference} 보증 사례 보기` }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`보증 사례 ${reference}`);
  await expect(page.locator("article.guarantee-case")).toHaveAttribute("data-hydrated", "");
  await expect(page.locator('article.sla-clock[data-metric="fact_check"]')).toBeVisible();
  await expectAccessible(page);

  // Fact check: a missing choice is said beside the field and the text stays.
  const factForm = page.locator('form[data-intent="factCheck"]');
  await factForm.getByLabel("사실 확인 결과 (고객에게 보내는 내용)").fill("확인 결과 담당 부서 전달이 늦어 답변이 지연되었습니다.");
  await factForm.getByRole("button", { name: "결과 기록하고 고객에게 보내기" }).click();
  await expect(factForm.locator("#field-factCheck-deskAtFault-error")).toHaveText("당사 과실 여부를 골라 주세요.");
  await expect(factForm.getByLabel("사실 확인 결과 (고객에게 보내는 내용)")).toHaveValue(
    "확인 결과 담당 부서 전달이 늦어 답변이 지연되었습니다.",
  );
  await factForm.getByRole("radio", { name: "예 — 당사 과실" }).check();
  await factForm.getByRole("button", { name: "결과 기록하고 고객에게 보내기" }).click();
  await expect(caseNotice(page)).toHaveText("사실 확인 결과를 기록했고 고객 통지를 발송 대기열에 넣었습니다.");
  await expect(page.locator("[data-notification]")).toBeVisible();

  // The apology, by the assignee.
  await expect(page.getByText("사과는 이 문의의 담당자 김하늘 님이 기록합니다.")).toBeVisible();
  const apologyForm = page.locator('form[data-intent="apology"]');
  await apologyForm.getByLabel("사과 내용").fill("전화로 지연에 대해 사과드리고 처리 일정을 안내했습니다.");
  await apologyForm.getByRole("button", { name: "사과 기록" }).click();
  await expect(caseNotice(page)).toHaveText("사과를 기록했습니다. 고객의 만족 확인을 기다립니다.");

  // The customer's confirmation closes the case.
  const confirmForm = page.locator('form[data-intent="confirm"]');
  await confirmForm.getByRole("button", { name: "확인하고 사례 종결" }).click();
  await expect(confirmForm.locator("#field-confirm-confirmed-error")).toHaveText("고객의 만족을 확인했는지 체크해 주세요.");
  await confirmForm.getByRole("checkbox", { name: "고객이 처리 결과에 만족함을 확인했습니다" }).check();
  await confirmForm.getByRole("button", { name: "확인하고 사례 종결" }).click();
  await expect(caseNotice(page)).toHaveText("고객 만족을 확인하고 사례를 종결했습니다.");
  await expect(page.locator("article.guarantee-case")).toHaveAttribute("data-status", "closed");
  await expect(page.getByText("이 사례에서 더 할 일은 없습니다.")).toBeVisible();

  await page.goto("/desk/guarantee?status=closed");
  await expect(page.locator(`tr[data-reference="${reference}"]`)).toContainText("종결");

  // The ticket page: the breached clock in words, and how its deadline was counted.
  await page.goto(`/desk/tickets/${reference}`);
  await expect(page.locator("article.ticket-page")).toHaveAttribute("data-hydrated", "");
  const clock = page.locator('article.sla-clock[data-metric="first_reply"]');
  await expect(clock).toHaveAttribute("data-status", "breached");
  await expect(clock.locator(".clock-badge")).toHaveText(/기한 초과/);
  await expect(clock.locator(".sla-clock-remaining")).toHaveText(/초과$/);
  await expect(clock).toContainText(/적용 기준: .+ \(버전 \d+\)/);
  await expect(clock).toContainText(/근무 달력: 버전 \d+/);
  const explain = clock.locator("details.sla-clock-explain");
  await explain.locator("summary").click();
  await expect(explain.locator("ol li").first()).toBeVisible();
  await expect(explain.locator("ol")).toContainText("→");
  await expect(page.getByRole("region", { name: "서비스 보증" }).getByRole("link", { name: /보증 사례 \(종결/ })).toBeVisible();
  await expectAccessible(page);
});

test("staff record a repeat visit caused by a staff error from the ticket page", async ({ page }) => {
  await loginAs(page, AGENT);
  await page.goto("/desk/log-contact");
  await expect(page.locator("form#log-contact-form")).toHaveAttribute("novalidate", "");
  await page
    .getByRole("group", { name: /접수 경로/ })
    .getByRole("radio", { name: "방문", exact: true })
    .check();
  await page.getByLabel("이름").fill("재방문");
  await page.getByRole("textbox", { name: /전화번호/ }).fill("010-4444-5555");
  await page.getByLabel("제목").fill("서류 안내 착오");
  await page.getByLabel(/^내용/).fill("안내받은 서류가 달라 다시 방문함");
  await page.getByRole("button", { name: "접수 등록" }).click();
  await expect(page).toHaveURL(/\/desk\/tickets\/\d{6}-\d{4,}\?done=logged$/);
  await expect(page.locator("article.ticket-page")).toHaveAttribute("data-hydrated", "");

  const section = page.getByRole("region", { name: "서비스 보증" });
  await expect(section).toContainText("이 문의에는 보증 사례가 없습니다.");
  await section.getByText("고객이 직원 착오로 2회 이상 방문함").click();
  const form = section.locator('form[data-intent="repeatVisit"]');
  await form.getByRole("button", { name: "보증 사례 열기" }).click();
  await expect(form.locator("#field-repeatVisit-note-error")).toHaveText("필수 입력 항목입니다.");
  await form.getByLabel("경위").fill("서류 안내 착오로 세 번 방문하셨습니다.");
  await form.getByRole("button", { name: "보증 사례 열기" }).click();
  await expect(page).toHaveURL(/\/desk\/guarantee\/[0-9a-f-]{36}\?done=opened$/);
  await expect(page.locator("#case-done")).toContainText("보증 사례를 열었습니다.");
  await expect(page.getByRole("region", { name: "발생 사유" })).toContainText("직원 착오로 고객이 2회 이상 방문함");
  await expect(page.getByRole("region", { name: "발생 사유" })).toContainText("서류 안내 착오로 세 번 방문하셨습니다.");
});
