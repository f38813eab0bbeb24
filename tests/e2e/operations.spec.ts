// Operations end to end on the real desk: a lead declares an outage, publishes the expected
// recovery and /status shows it; a lead announces maintenance with less than 72 hours of notice
// and sees the violation (and /status shows the window); a manager builds last month's compliance
// review and opens it from the list.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";

const LEAD = "lead1@desk.example";
const MANAGER = "manager@desk.example";

const tag = () => Math.random().toString(36).slice(2, 8);

/** datetime-local value in KST, `hours` from now. */
function kstLocal(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000 + 9 * 3_600_000);
  return d.toISOString().slice(0, 16);
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("a lead declares an outage, publishes the expected recovery, and /status shows it", async ({ page }) => {
  const service = `인터넷 접수 ${tag()}`;
  await loginAs(page, LEAD);
  await page.goto("/desk/outages");
  await expect(page.getByRole("heading", { level: 1, name: "서비스 중단·정기 점검" })).toBeVisible();
  await page.getByRole("link", { name: "서비스 중단 등록" }).click();

  // A missing service is an error beside the field; what was typed stays.
  await page.getByLabel("중단 내용").fill("접수 서버 장애로 온라인 접수가 되지 않습니다.");
  await page.getByRole("button", { name: "중단 등록" }).click();
  await expect(page.locator("#field-service-error")).toHaveText(/필수 입력 항목입니다/);
  await expect(page.getByLabel("중단 내용")).toHaveValue("접수 서버 장애로 온라인 접수가 되지 않습니다.");
  await expectAccessible(page);

  await page.getByLabel("서비스", { exact: true }).fill(service);
  await page.getByRole("button", { name: "중단 등록" }).click();
  await expect(page).toHaveURL(/\/desk\/outages\/[0-9a-f-]+\?done=declared/);
  await expect(page.getByRole("status")).toContainText("서비스 중단을 등록했습니다");
  const etaRow = page.getByRole("row", { name: /복구 예정 시각 안내/ });
  await expect(etaRow).toContainText("진행 중");

  // /status shows the outage at once, the ETA still to come.
  const statusPage = await page.context().newPage();
  await statusPage.goto("/status");
  const card = statusPage.getByRole("listitem").filter({ has: statusPage.getByRole("heading", { name: new RegExp(service) }) });
  await expect(card).toBeVisible();

  // A past ETA is refused beside its field.
  const etaForm = page.getByRole("form", { name: "복구 예정 시각 게시" });
  const past = kstLocal(-2);
  await etaForm.getByLabel("복구 예정 시각", { exact: true }).fill(past);
  await etaForm.getByRole("button", { name: "게시하고 고객에게 알리기" }).click();
  await expect(page.locator("#field-eta-expectedRecoveryAt-error")).toHaveText(/지금보다 뒤/);

  const eta = kstLocal(5);
  await expect(etaForm.getByLabel("복구 예정 시각", { exact: true })).toHaveValue(past);
  await etaForm.getByLabel("복구 예정 시각", { exact: true }).fill(eta);
  await etaForm.getByLabel(/고객 안내 문구/).fill("서버를 교체하고 있습니다.");
  await etaForm.getByRole("button", { name: "게시하고 고객에게 알리기" }).click();
  await expect(page).toHaveURL(/done=eta/);
  await expect(page.getByRole("status")).toContainText("기한 안에 안내했습니다");
  await expect(page.getByRole("row", { name: /복구 예정 시각 안내/ })).toContainText("준수");
  await expectAccessible(page);

  await statusPage.reload();
  const [datePart, timePart] = eta.split("T");
  const cardAfter = statusPage.getByRole("listitem").filter({ has: statusPage.getByRole("heading", { name: new RegExp(service) }) });
  await expect(cardAfter).toContainText("서버를 교체하고 있습니다.");
  await expect(cardAfter).toContainText(timePart!);
  expect(datePart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});

test("a lead announces maintenance with less than 72 hours of notice and sees the violation", async ({ page }) => {
  const service = `콜센터 ${tag()}`;
  await loginAs(page, LEAD);
  await page.goto("/desk/outages/maintenance/new");
  await expect(page.getByRole("heading", { level: 1, name: "정기 점검 공지" })).toBeVisible();

  // End before start: an error beside the end, values kept.
  await page.getByLabel("서비스", { exact: true }).fill(service);
  await page.getByLabel("점검 시작 (한국 시간)").fill(kstLocal(24));
  await page.getByLabel("점검 종료 (한국 시간)").fill(kstLocal(23));
  await page.getByLabel("점검 내용").fill("교환기 소프트웨어 업데이트");
  await page.getByRole("button", { name: "점검 공지" }).click();
  await expect(page.locator("#field-endsAt-error")).toHaveText(/종료 시각은 시작 시각보다 뒤/);
  await expect(page.getByLabel("서비스", { exact: true })).toHaveValue(service);

  await page.getByLabel("점검 종료 (한국 시간)").fill(kstLocal(26));
  await page.getByRole("button", { name: "점검 공지" }).click();
  await expect(page).toHaveURL(/\/desk\/outages\/maintenance\/[0-9a-f-]+\?done=scheduled/);
  await expect(page.getByRole("heading", { name: /72시간 전 공지 기준을 지키지 못했습니다/ })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("이행표준 위반으로 기록");
  await expectAccessible(page);

  await page.goto("/status");
  await expect(page.getByRole("heading", { name: new RegExp(service) })).toBeVisible();

  // English via the switch.
  await page.goto("/desk/outages");
  await page.getByRole("button", { name: /언어 바꾸기/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outages and maintenance" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(service) })).toContainText("Too little notice");
  await page.getByRole("button", { name: /Change language/ }).click();
});

test("a manager builds last month's compliance review and opens it from the list", async ({ page }) => {
  await loginAs(page, MANAGER);
  await page.goto("/desk/reviews");
  await expect(page.getByRole("heading", { level: 1, name: "이행표준 점검" })).toBeVisible();

  // A month that is not over is refused beside the field.
  const thisMonth = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);
  await page.getByLabel("대상 월").fill(thisMonth);
  await page.getByRole("button", { name: "보고서 만들기" }).click();
  await expect(page.locator("#field-month-error")).toHaveText(/아직 끝나지 않은 달/);

  await page.getByLabel("대상 월").fill(previousMonth());
  await page.getByRole("button", { name: "보고서 만들기" }).click();
  await expect(page).toHaveURL(/\/desk\/reviews\/[0-9a-f-]+\?done=(built|existing)/);

  await page.goto("/desk/reviews");
  await page.getByRole("link", { name: `${previousMonth()} 점검` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${previousMonth()} 서비스 이행표준 점검` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "전체 준수율" })).toBeVisible();
  await expect(page.getByRole("table", { name: "기한 종류별" })).toBeVisible();
  await expect(page.getByText("직원 발송")).toBeVisible();
  await expectAccessible(page);
});

function previousMonth(): string {
  const kst = new Date(Date.now() + 9 * 3_600_000);
  const d = new Date(Date.UTC(kst.getUTCFullYear(), kst.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}
