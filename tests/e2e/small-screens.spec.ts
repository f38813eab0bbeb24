// A phone-sized screen (390 × 844): every staff page (queue, a ticket, the dashboard, the
// guarantee list, the admin home, people and API tokens) and the customer's pages (home, inquiry, receipt, track,
// lookup, status, promises) fit the width — nothing scrolls sideways except a table inside its
// own labelled scroll area — and axe-core finds nothing serious. The same walk at desktop size.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function expectAccessible(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${where} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** No horizontal scrolling of the page itself; names the widest elements when there is. */
async function expectFits(page: Page, where: string, width: number) {
  const report = await page.evaluate((limit) => {
    const doc = document.documentElement;
    const wide = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > limit + 1 && !el.closest(".table-wrap"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} → ${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: doc.scrollWidth, wide };
  }, width);
  expect(report.scrollWidth, `${where} is wider than the screen: ${report.wide.join("; ")}`).toBeLessThanOrEqual(width);
}

async function check(page: Page, path: string, width: number) {
  await page.goto(path);
  await expect(page.locator("h1").first()).toBeVisible();
  await expectFits(page, path, width);
  await expectAccessible(page, path);
}

for (const [name, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  test.describe(`${name} (${viewport.width} px)`, () => {
    test.use({ viewport });

    test("staff pages fit and are accessible", async ({ page }) => {
      test.slow();
      await loginAs(page, "lead1@desk.example");
      await check(page, "/desk", viewport.width);
      const reference = (await page.locator("a.ref-link, table a[href^='/desk/tickets/']").first().getAttribute("href"))!;
      await check(page, reference, viewport.width);
      await check(page, "/desk/guarantee", viewport.width);
      await page.context().clearCookies();
      await loginAs(page, "manager@desk.example");
      await check(page, "/dashboard", viewport.width);
      // The headline answers first: the rate, its target and the status in words.
      await expect(page.getByRole("heading", { name: "이번 기간 약속을 지키고 있나요?" })).toBeVisible();
      await expect(page.locator(".headline-rate")).toContainText(/목표 95\.0%/);
      await expect(page.locator(".headline-rate .badge")).toHaveText(/목표 달성|목표 미달|판정할 기한 없음/);
      await check(page, "/dashboard?from=2026-01-01&to=2026-12-31", viewport.width);
      await page.context().clearCookies();
      await loginAs(page, "admin@desk.example");
      await check(page, "/admin", viewport.width);
      // The people and API token pages, also with a new token shown once (a long unbroken string).
      await check(page, "/admin/users", viewport.width);
      await check(page, "/admin/tokens", viewport.width);
      await page.getByLabel("이름(어디에 쓰는지)").fill(`작은 화면 ${name}`);
      await page.getByRole("button", { name: "토큰 만들기" }).click();
      await expect(page.getByTestId("new-token")).toHaveText(/^ssd_/);
      await expectFits(page, "/admin/tokens (new token)", viewport.width);
      await expectAccessible(page, "/admin/tokens (new token)");
    });

    test("customer pages fit and are accessible", async ({ page }) => {
      test.slow();
      for (const path of ["/", "/inquiry", "/lookup", "/status", "/promises"]) await check(page, path, viewport.width);
      await page.goto("/inquiry");
      await page.getByRole("radio", { name: "문의", exact: true }).check();
      await page.getByLabel("이름").fill("김작은");
      await page.getByRole("textbox", { name: /이메일/ }).fill(`small-${name}@example.com`);
      await page.getByLabel("제목").fill("작은 화면에서 문의합니다");
      await page.getByLabel("문의 내용").fill("휴대전화로 접수한 문의입니다.");
      await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
      await page.getByRole("button", { name: "문의 접수하기" }).click();
      await expect(page).toHaveURL(/\/inquiry\/received$/);
      await expectFits(page, "/inquiry/received", viewport.width);
      await expectAccessible(page, "/inquiry/received");
      const tracking = await page.getByLabel("처리 상황 확인 링크 (복사해서 보관하세요)").inputValue();
      const link = new URL(tracking);
      await page.goto(`${link.pathname}${link.search}`);
      await expect(page).toHaveURL(/\/track\/\d{6}-\d{4,}$/);
      await expectFits(page, "/track", viewport.width);
      await expectAccessible(page, "/track");
    });
  });
}
