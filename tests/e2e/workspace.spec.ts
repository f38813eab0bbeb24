// The agent workspace end to end (issue 20): keyboard shortcuts and their help dialog, the
// customer's other tickets beside a ticket, canned replies inserted into the reply, keeping
// canned replies as a team lead, and saved queue views. Needs the demo staff agent1@ and lead1@.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";

const AGENT = "agent1@desk.example"; // 김하늘, 민원1팀
const LEAD = "lead1@desk.example"; // 박서연, 민원1팀

const tag = () => Math.random().toString(36).slice(2, 8);

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function newInquiry(page: Page, fields: { subject: string; name: string; email: string }): Promise<string> {
  await page.goto("/inquiry");
  await page.locator("#field-name").fill(fields.name);
  await page.locator("#field-email").fill(fields.email);
  await page.locator("#field-subject").fill(fields.subject);
  await page.locator("#field-body").fill("확인 부탁드립니다.");
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page).toHaveURL(/\/inquiry\/received/);
  return (await page.locator(".receipt .reference").textContent())!.trim();
}

test("keyboard shortcuts move through the queue, open a ticket, reach the reply, assign and go back, never while typing", async ({
  page,
}) => {
  // The newest active ticket is this one: new, unassigned, open to a reply.
  const mine = await newInquiry(page, { subject: `단축키 ${tag()}`, name: "홍길동", email: `keys-${tag()}@example.com` });
  await loginAs(page, AGENT);
  await page.goto("/desk?tab=active&sort=newest");
  await expect(page.locator(".shortcuts[data-ready]")).toBeAttached();
  const rows = page.locator("table a.ref-link");
  expect(await rows.count()).toBeGreaterThan(1);

  // "?" opens the help as a modal dialog; Escape closes it and focus returns.
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "키보드 단축키" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "닫기" })).toBeFocused();
  await expect(dialog).toContainText("다음 문의로 이동");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "닫기" })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await page.keyboard.press("j");
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rows.nth(0)).toBeFocused();

  // "/" goes to the search box, where j is just a letter.
  await page.keyboard.press("/");
  const search = page.getByRole("searchbox", { name: "검색" });
  await expect(search).toBeFocused();
  await page.keyboard.type("jk");
  await expect(search).toHaveValue("jk");
  await expect(search).toBeFocused();

  await rows.nth(0).focus();
  const reference = (await rows.nth(0).textContent())!.trim();
  expect(reference).toBe(mine);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/desk/tickets/${reference}`));
  await expect(page.locator("article.ticket-page")).toHaveAttribute("data-hydrated", "");
  await expect(page.locator(".shortcuts[data-ready]")).toBeAttached();

  // "r" goes to the reply box, where "a" is just a letter…
  const reply = page.locator("#field-reply-body");
  await page.keyboard.press("r");
  await expect(reply).toBeFocused();
  await page.keyboard.type("ag");
  await expect(reply).toHaveValue("ag");
  await expect(page.locator(".desk-live .notice")).toHaveCount(0);
  // …and outside it "a" assigns the ticket to me.
  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("a");
  await expect(page.locator(".desk-live .notice")).toHaveText("담당자를 배정했습니다.");
  await expect(page.locator(".shortcuts[data-ready]")).toBeAttached();
  await page.keyboard.press("g");
  await page.keyboard.press("q");
  await expect(page).toHaveURL(/\/desk$/);
});

test("the ticket page lists the customer's other tickets and inserts a canned reply rendered for the ticket", async ({ page }) => {
  const email = `same-${tag()}@example.com`;
  const first = await newInquiry(page, { subject: `첫 문의 ${tag()}`, name: "홍길동", email });
  const second = await newInquiry(page, { subject: `두 번째 문의 ${tag()}`, name: "홍길동", email });
  await loginAs(page, AGENT);
  await page.goto(`/desk/tickets/${second}`);
  await expect(page.locator("article.ticket-page")).toHaveAttribute("data-hydrated", "");

  const others = page.getByRole("region", { name: "이 고객의 다른 문의" });
  await expect(others.getByRole("link", { name: new RegExp(first) })).toHaveAttribute("href", `/desk/tickets/${first}`);
  await expect(others.getByRole("link", { name: new RegExp(second) })).toHaveCount(0);

  await page.locator(".macro-picker summary").click();
  await page.getByLabel("상용구", { exact: true }).selectOption({ label: "접수 안내" });
  const reply = page.locator("#field-reply-body");
  await reply.fill("안내드립니다.\n");
  await page.getByRole("button", { name: "답변에 넣기" }).click();
  await expect(reply).toHaveValue(/^안내드립니다\.\n홍길동 고객님, 안녕하십니까\./);
  await expect(reply).toHaveValue(new RegExp(`접수번호 ${second}`));
  await expect(reply).toHaveValue(/\d{4}년 \d{1,2}월 \d{1,2}일 .요일 오[전후] \d{1,2}시/);
  await expect(reply).toHaveValue(/담당자 김하늘 드림/);
  await expect(page.locator(".macro-picker [role=status]")).toContainText("접수 안내");
  await expectAccessible(page);

  // Without JavaScript the same choice arrives as ?macro=… and the reply box starts with the text.
  const id = await page.getByLabel("상용구", { exact: true }).inputValue();
  await page.goto(`/desk/tickets/${second}?macro=${id}`);
  await expect(reply).toHaveValue(/^홍길동 고객님, 안녕하십니까\./);
});

test("a team lead keeps the team's canned replies: a misspelt item is refused beside the text, with what was typed", async ({ page }) => {
  await loginAs(page, LEAD);
  await page.goto("/desk/macros");
  await expect(page.getByRole("heading", { level: 1, name: "상용구" })).toBeVisible();
  const form = page.getByRole("region", { name: "새 상용구" });
  const title = `환불 안내 ${tag()}`;
  await form.getByLabel("제목").fill(title);
  await form.getByLabel("본문").fill("{고객이름} 고객님, 환불은 {처리기한}까지 처리됩니다.");
  await form.getByRole("button", { name: "상용구 추가" }).click();
  await expect(page.locator("#field-new-body-error")).toContainText("{고객이름}");
  await expect(form.getByLabel("제목")).toHaveValue(title);
  await expect(form.getByLabel("본문")).toHaveValue("{고객이름} 고객님, 환불은 {처리기한}까지 처리됩니다.");
  await expectAccessible(page);

  await form.getByLabel("본문").fill("{고객명} 고객님, 환불은 {처리기한}까지 처리됩니다.");
  await form.getByRole("button", { name: "상용구 추가" }).click();
  await expect(page.getByRole("status").filter({ hasText: "상용구를 추가했습니다." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: title })).toBeVisible();
  await expectAccessible(page);
});

test("a staff member saves the queue's filters as a view and finds it above the queue", async ({ page }) => {
  await loginAs(page, AGENT);
  await page.goto("/desk?tab=active&status=new&sort=newest");
  await page.locator(".save-view summary").click();
  const name = `신규 ${tag()}`;
  await page.getByLabel("보기 이름").fill(name);
  await page.getByRole("button", { name: "보기로 저장" }).click();
  await expect(page).toHaveURL(/saved=1/);
  await expect(page.getByRole("status").filter({ hasText: "보기를 저장했습니다." })).toBeVisible();
  const views = page.getByRole("navigation", { name: "내 보기" });
  await expect(views.getByRole("link", { name })).toHaveAttribute("aria-current", "page");
  await expectAccessible(page);

  await page.goto("/desk?tab=mine");
  await views.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/tab=active/);
  await expect(page).toHaveURL(/status=new/);
  await expect(page).toHaveURL(/sort=newest/);

  // Renamed on the views page; an empty name is refused beside the field.
  await views.getByRole("link", { name: "보기 관리" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "내 업무함 보기" })).toBeVisible();
  const rename = page.getByLabel(`'${name}'의 새 이름`);
  await rename.fill(" ");
  await page.getByRole("button", { name: "이름 바꾸기" }).click();
  await expect(page.locator(".field[data-invalid] .error")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(`'${name}'의 새 이름`).fill(`${name} 2`);
  await page.getByRole("button", { name: "이름 바꾸기" }).click();
  await expect(page.getByRole("status").filter({ hasText: "보기 이름을 바꿨습니다." })).toBeVisible();
  await expect(page.getByRole("link", { name: `${name} 2` })).toBeVisible();
});
