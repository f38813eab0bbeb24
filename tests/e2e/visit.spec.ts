// Visit assistance end to end: a customer who needs help books a visit on the public page (a
// wrong first try keeps what was typed and says why beside each field), sees the confirmation and
// receives it by email with the time and the help in words; a staff member finds the visit in
// the desk's list and records that the customer came and the help was given.
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

test("a visit booked on the public page is confirmed, listed on the desk and recorded", async ({ page }) => {
  test.setTimeout(120_000);
  const name = `방문e2e${Math.random().toString(36).slice(2, 6)}`;
  const email = `visit-${Date.now()}@example.com`;

  // From the inquiry page, beside the form.
  await page.goto("/inquiry");
  await page.getByRole("link", { name: "몸이 불편하신 고객의 방문 예약" }).click();
  await expect(page).toHaveURL(/\/visit$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("방문 예약 (도움이 필요하신 고객)");

  // A first try with a time already past, no help and no contact: nothing is lost, each reason is beside its field.
  await page.getByLabel("방문 일시").fill(kstLocal(-60));
  await page.getByLabel("이름", { exact: true }).fill(name);
  await page.getByRole("button", { name: "방문 예약하기" }).click();
  await expect(page.locator("#field-visitAt-error")).toContainText("지금 이후의 일시를 입력하세요.");
  await expect(page.locator("#field-help-error")).toContainText("필요한 도움을 하나 이상 고르세요.");
  await expect(page.locator("#field-phone-error")).toContainText("이메일이나 전화번호 중 하나 이상을 입력하세요.");
  await expect(page.getByLabel("이름", { exact: true })).toHaveValue(name);
  await expectAccessible(page);

  await page.getByLabel("방문 일시").fill(kstLocal(2 * 24 * 60));
  await page.getByLabel("휠체어 지원").check();
  await page.getByLabel("수어 통역").check();
  await page.getByRole("textbox", { name: /이메일/ }).fill(email);
  await page.getByLabel(/개인정보 수집·이용에 동의합니다/).check();
  await page.getByRole("button", { name: "방문 예약하기" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("방문 예약을 받았습니다");
  const status = page.getByRole("status").filter({ hasText: "접수번호" });
  await expect(status).toContainText("휠체어 지원, 수어 통역");
  const reference = (await status.textContent())!.match(/\d{6}-\d{4,}/)![0];
  await expect(page.getByText("확인 안내를 이메일로 보내 드렸습니다.")).toBeVisible();
  await expectAccessible(page);

  // The confirmation the customer receives names the time and the help in words.
  const mail = await waitForMail(email, `방문 예약 확인 (접수번호 ${reference})`);
  expect(mail.text).toContain("휠체어 지원 및 수어 통역");
  expect(mail.text).toContain("10분 전");

  // On the desk: the visit is in the list, and its outcome is recorded.
  await loginAs(page, AGENT);
  await page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "방문 예약" }).click();
  await expect(page).toHaveURL(/\/desk\/visits$/);
  const item = page.locator("li.panel").filter({ hasText: name });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("휠체어 지원, 수어 통역");
  await expectAccessible(page);

  // Did not come, without a note: refused beside the field, the choice kept.
  await item.getByRole("radio", { name: "오지 않으심" }).check();
  await item.getByRole("button", { name: "결과 기록하기" }).click();
  const again = page.locator("li.panel").filter({ hasText: name });
  await expect(again.getByText("오지 않으신 경우 확인한 내용을 메모에 적어 주세요.")).toBeVisible();
  await expect(again.getByRole("radio", { name: "오지 않으심" })).toBeChecked();

  await again.getByRole("radio", { name: "방문하심" }).check();
  await again.getByLabel("필요한 도움을 드렸습니다").check();
  await again.getByLabel(/메모/).fill("입구에서 휠체어로 안내");
  await again.getByRole("button", { name: "결과 기록하기" }).click();
  await expect(page.getByRole("status")).toContainText("방문 결과를 기록했습니다.");
  await expect(page.locator("li.panel").filter({ hasText: name })).toHaveCount(0);
  const recorded = page.getByRole("row").filter({ hasText: name });
  await expect(recorded).toContainText("방문하심 · 도움 드림 · 입구에서 휠체어로 안내");

  // The ticket's history has every step in words.
  await page.goto(`/desk/tickets/${reference}`);
  await expect(page.getByText("방문 예약 접수").first()).toBeVisible();
  await expect(page.getByText("방문 결과 기록").first()).toBeVisible();
  await expectAccessible(page);
});
