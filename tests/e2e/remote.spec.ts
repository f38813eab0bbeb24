// Remote expert support (원격지원) end to end, a charter flow that had no journey: staff log a letter,
// ask for an expert from the ticket, book the session (the customer receives the time and how to
// join by email), and record that it took place. A request with no problem typed is refused
// beside the field.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";
import { waitForMail } from "./support/mailbox";

const AGENT = "agent1@desk.example"; // 김하늘

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

/** 10:00 KST on a weekday at least two days ahead (the session's day must be a working day). */
function sessionTime(): string {
  const d = new Date(Date.now() + 2 * 86_400_000 + 9 * 3_600_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return `${d.toISOString().slice(0, 10)}T10:00`;
}

test("remote support is requested, booked with the customer told, and recorded", async ({ page }) => {
  test.setTimeout(120_000);
  const email = `remote-${Date.now()}@example.com`;
  await loginAs(page, AGENT);

  await page.goto("/desk/log-contact");
  await page.getByRole("group", { name: /접수 경로/ }).getByRole("radio", { name: "우편", exact: true }).check();
  await page.getByLabel(/실제 접수 시각/).fill(kstLocal(-5));
  await page.getByLabel("이름").fill("원격고객");
  await page.getByRole("textbox", { name: /이메일/ }).fill(email);
  await page.getByLabel("제목").fill("인증서 프로그램 설치 오류");
  await page.getByLabel(/^내용/).fill("전화 안내대로 해도 설치가 되지 않습니다.");
  await page.getByRole("button", { name: "접수 등록" }).click();
  await expect(page).toHaveURL(/\/desk\/tickets\/\d{6}-\d{4,}\?done=logged$/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;

  await expect(page.getByRole("link", { name: "원격지원 요청·예약" })).toHaveAttribute("href", `/desk/tickets/${reference}/remote`);
  await page.goto(`/desk/tickets/${reference}/remote`);
  await expect(page.getByRole("heading", { name: "원격지원", exact: true })).toBeVisible();
  await expectAccessible(page);

  // Nothing typed: refused beside the field.
  await page.getByRole("button", { name: "원격지원 요청하기" }).click();
  await expect(page.locator("#field-request-problem-error")).not.toBeEmpty();
  await page.getByLabel(/해결이 필요한 문제/).fill("인증서 프로그램이 설치되지 않음");
  await page.getByRole("button", { name: "원격지원 요청하기" }).click();
  await expect(page.getByRole("status")).toContainText("원격지원을 요청했습니다.");

  await page.getByLabel(/예약 일시/).fill(sessionTime());
  await page.getByRole("button", { name: "예약하고 고객에게 알리기" }).click();
  await expect(page.getByRole("status")).toContainText("원격지원을 예약하고 고객에게");
  await expectAccessible(page);
  const mail = await waitForMail(email, `원격지원 예약 안내 (접수번호 ${reference})`);
  expect(mail.text).toContain("10:00");

  await page.getByRole("radio", { name: "원격지원을 진행함" }).check();
  await page.getByRole("button", { name: "결과 기록하기" }).click();
  await expect(page.getByRole("status")).toContainText("원격지원 결과를 기록했습니다.");
  await expectAccessible(page);
});
