// The manager dashboard end to end on the demo data: manager@ opens it from the header, picks a
// period, drills into a number and gets the tickets behind it, and exports a table as CSV
// (BOM + Korean header). A lead sees only their team; an agent has no dashboard. The figures are
// a snapshot with their time: a new inquiry shows after 지금 새로 고침, not before.
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs, refreshDashboard } from "./support/desk";

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("a manager opens the dashboard, drills into a number and exports CSV", async ({ page }) => {
  await loginAs(page, "manager@desk.example");
  await page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "대시보드" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "서비스 이행 대시보드" })).toBeVisible();
  await expect(page.getByText("전체 팀 ·")).toBeVisible();
  // The weekly trend is an image with a text alternative, and its figures are also a table.
  await expect(page.getByRole("img", { name: /주별 기한 준수율/ })).toBeVisible();
  await expectAccessible(page);

  // The last 12 months: the demo tickets' deadlines lie in the last three months.
  await page.getByRole("link", { name: "최근 12개월" }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}&to=/);
  const table = page.getByRole("table", { name: "기준별 준수율" });
  await expect(table).toBeVisible();
  const link = table.locator("tbody a").first();
  // The URL changes before the new period's table is rendered: wait for its links to carry the
  // period, or the count would be read from the old table and the click land on the new one.
  const from = new URL(page.url()).searchParams.get("from")!;
  await expect(link).toHaveAttribute("href", new RegExp(`[?&]from=${from}&`));
  const count = Number((await link.textContent())!.replace(/,/g, ""));
  expect(count).toBeGreaterThan(0);
  const label = (await link.getAttribute("aria-label"))!;
  await link.click();

  await expect(page).toHaveURL(/\/dashboard\/tickets\?/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText(/준수|위반|진행 중/);
  expect(label).toContain((await heading.textContent())!.split(" — ")[1]);
  const rows = page.locator("table tbody tr");
  await expect(rows).toHaveCount(Math.min(count, 50));
  await expect(rows.first().getByRole("link")).toHaveText(/^\d{6}-\d{4}$/);
  await expectAccessible(page);

  // The list exports with the same filters.
  const listDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /CSV 내려받기/ }).click();
  const listFile = await (await listDownload).path();
  const listBytes = await readFile(listFile!);
  expect([...listBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const listLines = listBytes.subarray(3).toString("utf8").split("\r\n").filter(Boolean);
  expect(listLines[0]).toBe("접수번호,제목,기준,기한(한국 시간),결과,상태,채널,유형,담당자,팀");
  expect(listLines.length - 1).toBe(count);

  // Back on the dashboard, a compliance table as CSV.
  await page.getByRole("link", { name: "대시보드로 돌아가기" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV 내려받기 — 기준별 준수율" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^기한준수율_기준별_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString("utf8");
  expect(text.split("\r\n")[0]).toBe("기준,준수율(%),준수,위반,진행 중");
  expect(text).toContain("\r\n합계,");
});

test("period errors are shown beside the fields, with what was typed", async ({ page }) => {
  await loginAs(page, "manager@desk.example");
  await page.goto("/dashboard");
  await page.getByLabel("시작일").fill("2026-05-31");
  await page.getByLabel("종료일").fill("2026-05-01");
  await page.getByRole("button", { name: "조회" }).click();
  await expect(page.getByRole("alert")).toContainText("종료일은 시작일과 같거나 그 뒤여야 합니다.");
  await expect(page.getByLabel("종료일")).toHaveValue("2026-05-01");
  await expect(page.getByLabel("종료일")).toHaveAttribute("aria-invalid", "true");
});

test("a lead sees their own team only; an agent has no dashboard", async ({ page }) => {
  await loginAs(page, "lead1@desk.example");
  await page.goto("/dashboard");
  await expect(page.getByText("민원1팀 (우리 팀)")).toBeVisible();
  await expect(page.getByRole("combobox", { name: "팀", exact: true })).toHaveCount(0);
  const other = await page.goto("/dashboard?team=complaints-2");
  expect(other?.status()).toBe(403);

  await page.context().clearCookies();
  await loginAs(page, "agent1@desk.example");
  await expect(page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "대시보드" })).toHaveCount(0);
  const denied = await page.goto("/dashboard");
  expect(denied?.status()).toBe(403);
});

/** "합계 진행 중 N건" of this month's compliance table. */
async function runningTotal(page: Page): Promise<number> {
  const link = page.getByRole("table", { name: "기준별 준수율" }).getByRole("link", { name: /^합계 진행 중 [\d,]+건/ });
  const label = (await link.getAttribute("aria-label"))!;
  return Number(/진행 중 ([\d,]+)건/.exec(label)![1].replace(/,/g, ""));
}

test("the figures are a snapshot with their time; 지금 새로 고침 counts them now", async ({ page, browser }) => {
  await loginAs(page, "manager@desk.example");
  await page.goto("/dashboard");
  const status = page.getByRole("status").filter({ hasText: /^집계 시각/ });
  await expect(status).toContainText("1분마다 갱신");
  await refreshDashboard(page);
  const asOf = (await status.textContent())!;
  const before = await runningTotal(page);

  // A customer files an inquiry: new running deadlines this month.
  const customer = await (await browser.newContext()).newPage();
  await customer.goto("/inquiry");
  await customer.getByRole("radio", { name: "문의", exact: true }).check();
  await customer.getByLabel("이름").fill("대시보드고객");
  await customer.getByRole("textbox", { name: /이메일/ }).fill(`snapshot-${Date.now()}@example.com`);
  await customer.getByLabel("제목").fill("대시보드 집계 확인");
  await customer.getByLabel("문의 내용").fill("새로 고침 전후의 수치를 비교합니다.");
  await customer.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await customer.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(customer).toHaveURL(/\/inquiry\/received$/);

  // Served from the snapshot: the same figures and the same time, until refreshed.
  await page.reload();
  await expect(status).toHaveText(asOf);
  expect(await runningTotal(page)).toBe(before);
  await refreshDashboard(page);
  await expect(status).not.toHaveText(asOf);
  expect(await runningTotal(page)).toBeGreaterThan(before);
  await expectAccessible(page);
});
