// Issue 21, the rest of the admin console end to end, on a desktop and a 390 px phone: teams
// (create, a refused duplicate that keeps what was typed, rename, move a person), the policy form
// in sections, the calendar month grid (switched by keyboard), the outbox and the audit log in
// words — each page checked by axe (no serious or critical problem).
import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { loginAs } from "./support/desk";

const ADMIN = "admin@desk.example";

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const viewport of [
  { name: "desktop", width: 1280, height: 900 },
  { name: "390 px", width: 390, height: 844 },
]) {
  test(`(${viewport.name}) teams, policy sections, the month grid, the outbox and the audit log`, async ({ browser }) => {
    test.setTimeout(180_000);
    const suffix = Math.random().toString(36).slice(2, 7);
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await loginAs(page, ADMIN);

    // Teams: create one; the same name again is refused beside the field, the text kept.
    await page.goto("/admin/teams");
    await expect(page.getByRole("heading", { level: 1, name: "팀 관리" })).toBeVisible();
    const add = page.locator("form", { has: page.getByRole("button", { name: "팀 만들기" }) });
    await add.getByLabel("팀 이름").fill(`시험팀 ${suffix}`);
    await add.getByRole("button", { name: "팀 만들기" }).click();
    await expect(page.getByRole("status")).toContainText(`시험팀 ${suffix} 팀을 만들었습니다`);
    await add.getByLabel("팀 이름").fill(`시험팀 ${suffix}`);
    await add.getByRole("button", { name: "팀 만들기" }).click();
    await expect(add.getByText("같은 이름의 팀이 이미 있습니다")).toBeVisible();
    await expect(add.getByLabel("팀 이름")).toHaveValue(`시험팀 ${suffix}`);
    await expectAccessible(page);
    const card = page.getByTestId(`team-시험팀 ${suffix}`);
    await card.getByLabel("팀 이름").fill(`시험팀 ${suffix} 야간`);
    await card.getByRole("button", { name: `시험팀 ${suffix} 이름 바꾸기` }).click();
    await expect(page.getByRole("status")).toContainText(`시험팀 ${suffix} 야간`);
    await expectAccessible(page);

    // The policy form: sections in words, no raw keys.
    await page.goto("/admin/policies/charter");
    await expect(page.getByText("답변 기한", { exact: true }).first()).toBeVisible();
    await expect(page.getByText("처리 기한", { exact: true }).first()).toBeVisible();
    await expect(page.locator("body")).not.toContainText("requested_reply");
    await expect(page.locator("body")).not.toContainText("categoriesOther");
    await expectAccessible(page);

    // The calendar month grid: May 2026 shows 어린이날; the next month is reached by keyboard.
    await page.goto("/admin/calendar?year=2026&month=5");
    const grid = page.getByTestId("month-grid");
    await expect(page.getByRole("heading", { name: "2026년 5월" })).toBeVisible();
    await expect(grid.getByRole("cell", { name: /어린이날/ })).toBeVisible();
    await page.getByRole("link", { name: "다음 달 2026년 6월 보기" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "2026년 6월" })).toBeVisible();
    await expectAccessible(page);

    // The outbox explains its statuses; the audit log names people, without codes.
    await page.goto("/admin/outbox");
    await expect(page.getByRole("heading", { name: "상태가 뜻하는 것" })).toBeVisible();
    await expectAccessible(page);
    await page.goto("/admin/audit");
    await expect(page.getByRole("table")).toContainText("서관리");
    await expect(page.getByRole("table")).not.toContainText("staff:");
    await expectAccessible(page);
    await context.close();
  });
}
