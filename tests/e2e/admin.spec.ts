// The administrator's pages end to end: the working calendar (add a temporary holiday, follow the
// recomputation, refuse a duplicate, remove with confirmation) and the SLA policies, as admin.
// Dates are far in the future so that no other spec's deadlines move.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import postgres from "postgres";
import { loginAs } from "./support/desk";

const ADMIN = "admin@desk.example";
const DATE = "2027-06-15";
const NAME = "임시공휴일(E2E 시험)";

const addForm = (page: Page) => page.locator("form", { has: page.getByRole("button", { name: "추가하기" }) });
const holidays = (page: Page, year: number) => page.getByRole("table", { name: new RegExp(`${year}년 공휴일`) });

async function openCalendarYear(page: Page, year: number) {
  await page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "관리" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "관리" })).toBeVisible();
  await page.getByRole("navigation", { name: "관리 메뉴" }).getByRole("link", { name: "근무 달력" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "근무 달력" })).toBeVisible();
  await page.getByLabel("연도", { exact: true }).selectOption(String(year));
  await page.getByRole("button", { name: "보기" }).click();
  await expect(page).toHaveURL(new RegExp(`year=${year}`));
  await expect(page.getByRole("heading", { level: 2, name: `${year}년 쉬는 날과 근무 지정일` })).toBeVisible();
}

test("an administrator adds a temporary holiday, sees it listed and the recomputation done, then removes it", async ({ page }) => {
  await loginAs(page, ADMIN);
  await openCalendarYear(page, 2027);
  await expect(holidays(page, 2027)).toContainText("노동절"); // the almanac's 2027 data

  const form = addForm(page);
  await form.getByRole("radio", { name: /공휴일·임시공휴일/ }).check();
  await form.getByLabel("날짜", { exact: true }).fill(DATE);
  await form.getByLabel("이름 또는 사유").fill(NAME);
  await form.getByRole("button", { name: "추가하기" }).click();

  await expect(page).toHaveURL(/changed=\d+/);
  await expect(page.getByRole("status").filter({ hasText: "달력 버전" })).toContainText("만들었습니다");
  const row = holidays(page, 2027).getByRole("row").filter({ hasText: DATE });
  await expect(row).toContainText(NAME);
  await expect(row).toContainText("직접 추가");

  // The progress region follows the recomputation until it is done.
  const status = page.getByTestId("recompute-status");
  await expect(status).toHaveAttribute("aria-live", "polite");
  await expect(status).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  await expect(status).toContainText("완료");
  const history = page.getByRole("table", { name: /달력 버전 기록/ });
  await expect(history.getByRole("row").nth(1)).toContainText(`추가: 공휴일·임시공휴일 ${DATE} (${NAME})`);
  await expect(history.getByRole("row").nth(1)).toContainText("admin@desk.example");
  await expect(history.getByRole("row").nth(1)).toContainText("완료");

  // A duplicate is refused beside the date field, and the form keeps what was typed.
  const again = addForm(page);
  await again.getByRole("radio", { name: /공휴일·임시공휴일/ }).check();
  await again.getByLabel("날짜", { exact: true }).fill(DATE);
  await again.getByLabel("이름 또는 사유").fill("중복 시험");
  await again.getByRole("button", { name: "추가하기" }).click();
  const dateField = addForm(page).getByLabel("날짜", { exact: true });
  await expect(dateField).toHaveAttribute("aria-invalid", "true");
  await expect(addForm(page).locator(".field .error")).toHaveText("그 날짜는 이미 등록되어 있습니다.");
  await expect(dateField).toHaveValue(DATE);
  await expect(addForm(page).getByLabel("이름 또는 사유")).toHaveValue("중복 시험");
  await expect(addForm(page).getByRole("radio", { name: /공휴일·임시공휴일/ })).toBeChecked();
  await expect(page.getByRole("alert").filter({ hasText: "입력 내용을 확인해 주세요" })).toBeVisible();

  // Removing takes a confirmation step.
  await row.getByRole("button", { name: new RegExp(`삭제 ${DATE}`) }).click();
  const confirm = page.getByRole("region", { name: "삭제 확인" });
  await expect(confirm).toContainText(NAME);
  await confirm.getByRole("button", { name: "삭제하기" }).click();
  await expect(page).toHaveURL(/changed=\d+/);
  await expect(holidays(page, 2027).getByRole("row").filter({ hasText: DATE })).toHaveCount(0);
  await expect(page.getByTestId("recompute-status")).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  await expect(history.getByRole("row").nth(1)).toContainText(`삭제: 공휴일·임시공휴일 ${DATE} (${NAME})`);
});

test("the progress region polls while the recomputation runs and announces when it is done", async ({ page }) => {
  // Hold the recomputation back: while this lock is held it cannot even read the timers (its
  // first read takes no row locks, so a weaker table lock would not stop it).
  // The desk's embedded database is under DATA_DIR (.data/e2e for playwright.config.ts).
  const dir = path.resolve(process.env.E2E_DATA_DIR ?? ".data/e2e");
  const credentials = JSON.parse(readFileSync(path.join(dir, "pg-credentials.json"), "utf8")) as { user: string; password: string };
  const port = Number(readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[3]);
  const sql = postgres(`postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/desk`, {
    max: 1,
    onnotice: () => {},
  });
  const polls: number[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/admin/calendar/progress/")) polls.push(r.status());
  });
  await loginAs(page, ADMIN);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const locking = sql.begin(async (tx) => {
    await tx`lock table sla_timers in access exclusive mode`;
    locked();
    await held;
  });
  try {
    await isLocked;
    await page.goto("/admin/calendar?year=2029");
    const form = addForm(page);
    await form.getByLabel("날짜", { exact: true }).fill("2029-03-06");
    await form.getByLabel("이름 또는 사유").fill("임시공휴일(진행 시험)");
    await form.getByRole("button", { name: "추가하기" }).click();
    await expect(page).toHaveURL(/changed=\d+/);
    const status = page.getByTestId("recompute-status");
    await expect(status).toHaveAttribute("data-state", "running");
    await expect(status).toContainText("진행 중");
    await expect.poll(() => polls.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(polls.every((s) => s === 200)).toBe(true);
  } finally {
    release();
    await locking.catch(() => {});
    await sql.end({ timeout: 5 });
  }
  const status = page.getByTestId("recompute-status");
  await expect(status).toHaveAttribute("data-state", "done", { timeout: 15_000 });
  await expect(status).toContainText("완료");
  // The history row follows the same poll.
  await expect(
    page
      .getByRole("table", { name: /달력 버전 기록/ })
      .getByRole("row")
      .nth(1),
  ).toContainText("완료");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an organisation closure can be added and its recomputation followed by reloading", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel(/이메일|Email/).fill(ADMIN);
    await page.getByLabel(/비밀번호|Password/).fill("demo1234!");
    await page.getByRole("button", { name: /로그인|Log in/ }).click();
    await page.goto("/admin/calendar?year=2028");
    const form = addForm(page);
    await form.getByRole("radio", { name: /기관 휴무일/ }).check();
    await form.getByLabel("날짜", { exact: true }).fill("2028-03-03");
    await form.getByLabel("이름 또는 사유").fill("전산 이전 (시험)");
    await form.getByRole("button", { name: "추가하기" }).click();
    await expect(page).toHaveURL(/changed=\d+/);
    await expect(page.getByRole("table", { name: /2028년 기관 휴무일/ })).toContainText("전산 이전 (시험)");
    // A plain reload shows the latest progress.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("recompute-status")).toHaveAttribute("data-state", "done", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  });
});

test("the policies are listed with their targets in words and can be opened", async ({ page }) => {
  await loginAs(page, ADMIN);
  await page.goto("/admin/policies");
  const table = page.getByRole("table", { name: /현재 정책/ });
  const charter = table.getByRole("row").filter({ hasText: "서비스 이행표준" });
  await expect(charter).toContainText("1일 내 답변: 1일(근무 8시간)");
  await expect(charter).toContainText("처리 완료: 7일(7영업일째 18시)");
  await expect(charter).toContainText("30 근무분 — 전화만");
  await expect(charter).toContainText("날짜 기준");
  await charter.getByRole("link", { name: /서비스 이행표준/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("서비스 이행표준");
  await expect(page.getByRole("table", { name: /정책 버전 기록/ })).toBeVisible();
  // A zero amount is refused beside the field, keeping what was typed.
  const firstReply = page.getByTestId("metric-first_reply");
  await firstReply.getByLabel("기간 값").fill("0");
  await page.getByRole("button", { name: "저장 (새 버전 만들기)" }).click();
  await expect(page.getByTestId("metric-first_reply").locator(".error")).toHaveText("기간 값은 1 이상이어야 합니다.");
  await expect(page.getByTestId("metric-first_reply").getByLabel("기간 값")).toHaveValue("0");

  // English through the language switch.
  await page.getByRole("button", { name: /Change language/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Versions" })).toBeVisible();
});

/** No serious or critical accessibility problems (axe-core, WCAG 2 A/AA rules). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const viewport of [
  { name: "desktop", width: 1280, height: 900 },
  { name: "390 px", width: 390, height: 844 },
]) {
  test(`(${viewport.name}) an administrator adds a staff member, who must choose a password at first login; a token is made once and revoked`, async ({
    browser,
  }) => {
    test.setTimeout(180_000); // two people, three pages each checked by axe on a shared 2-core machine
    const suffix = Math.random().toString(36).slice(2, 8);
    const email = `new-${suffix}@desk.example`;
    const adminContext = await browser.newContext({ viewport });
    const page = await adminContext.newPage();
    await loginAs(page, ADMIN);
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { level: 1, name: "직원 계정" })).toBeVisible();
    await expectAccessible(page);
    const add = page.locator("form", { has: page.getByRole("button", { name: "계정 만들기" }) });
    await add.getByLabel("이름").fill(`새 직원 ${suffix}`);
    await add.getByLabel("이메일").fill(email);
    await add.getByRole("button", { name: "계정 만들기" }).click();
    await expect(page.getByRole("status")).toContainText(`새 직원 ${suffix} 님의 계정을 만들었습니다`);
    const temporary = (await page.getByTestId("temporary-password").textContent())!.trim();
    await expect(page.getByTestId(`person-${email}`)).toContainText("다음 로그인 때 비밀번호 변경");
    await expectAccessible(page);

    // Tokens: shown once, listed by name, revoked.
    await page.goto("/admin/tokens");
    await page.getByLabel("이름(어디에 쓰는지)").fill(`연동 ${suffix}`);
    await page.getByRole("button", { name: "토큰 만들기" }).click();
    await expect(page.getByTestId("new-token")).toHaveText(/^ssd_/);
    await expect(page.getByTestId(`token-연동 ${suffix}`)).toContainText("사용 가능");
    await expectAccessible(page);
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: `연동 ${suffix} 폐기` }).click();
    await expect(page.getByTestId(`token-연동 ${suffix}`)).toContainText("폐기됨");
    await adminContext.close();

    // The new person is sent to change the temporary password before anything else.
    const staffContext = await browser.newContext({ viewport });
    const newcomer = await staffContext.newPage();
    await loginAs(newcomer, email, temporary);
    await expect(newcomer).toHaveURL(/\/desk\/password/);
    await expect(newcomer.getByRole("status")).toContainText("임시 비밀번호로 로그인했습니다");
    await expectAccessible(newcomer);
    await newcomer.getByLabel("현재 비밀번호").fill(temporary);
    await newcomer.getByLabel("새 비밀번호", { exact: true }).fill("password1");
    await newcomer.getByLabel("새 비밀번호 확인").fill("password1");
    await newcomer.getByRole("button", { name: "비밀번호 바꾸기" }).click();
    await expect(newcomer.getByText("흔히 쓰이거나 추측하기 쉬운 비밀번호입니다")).toBeVisible();
    await expectAccessible(newcomer);
    await newcomer.getByLabel("현재 비밀번호").fill(temporary);
    await newcomer.getByLabel("새 비밀번호", { exact: true }).fill("quiet-harbor-lantern-58");
    await newcomer.getByLabel("새 비밀번호 확인").fill("quiet-harbor-lantern-58");
    await newcomer.getByRole("button", { name: "비밀번호 바꾸기" }).click();
    await expect(newcomer).toHaveURL(/\/desk(\?|$)/);
    await staffContext.close();
  });
}

test("an address no page answers is a 404 page in words, accessible", async ({ page }) => {
  const response = await page.goto("/admin/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "페이지를 찾을 수 없습니다 (404)" })).toBeVisible();
  await expectAccessible(page);
});
