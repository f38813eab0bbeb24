// Bulk assign / close from the guarantee case list, the dashboard's SLA drill-down and the queue, by
// keyboard-reachable, labelled controls: a lead logs a contact, opens a guarantee case for it,
// assigns its ticket from the case list, and assigns it again from the drill-down — each time a
// success message takes focus; closing asks for a confirmation first. axe on both lists.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";

const LEAD = "lead1@desk.example"; // 박서연, 민원1팀

/** No serious or critical accessibility problems (axe-core, WCAG 2 A/AA rules). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function logContact(page: Page): Promise<string> {
  const subject = `일괄 처리 e2e ${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/desk/log-contact");
  await page
    .getByRole("group", { name: /접수 경로/ })
    .getByRole("radio", { name: "우편", exact: true })
    .check();
  await page.getByLabel(/실제 접수 시각/).fill(new Date(Date.now() - 10 * 60_000 + 9 * 3_600_000).toISOString().slice(0, 16));
  await page.getByLabel("이름").fill("최일괄");
  await page.getByRole("textbox", { name: /이메일/ }).fill("bulk@example.com");
  await page.getByLabel("제목").fill(subject);
  await page.getByLabel(/^내용/).fill("서류를 다시 가져오라는 안내로 두 번 방문했습니다.");
  await page.getByRole("button", { name: "접수 등록" }).click();
  await expect(page).toHaveURL(/\/desk\/tickets\/\d{6}-\d{4,}\?done=logged$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("bulk assign from the guarantee case list, the dashboard drill-down and the queue", async ({ page }) => {
  test.setTimeout(180_000);
  await loginAs(page, LEAD);
  const reference = await logContact(page);

  // A guarantee case for it, through the list page's own form.
  await page.goto("/desk/guarantee");
  await page.getByText("고객이 직원 착오로 2회 이상 방문함").click();
  await page.getByRole("textbox", { name: /접수번호/ }).fill(reference);
  await page.getByRole("textbox", { name: /경위/ }).fill("서류 안내 착오로 두 번 방문");
  await page.getByRole("button", { name: "보증 사례 열기" }).click();
  await expect(page).toHaveURL(/\/desk\/guarantee\/[0-9a-f-]+\?done=opened$/);

  // --- the guarantee case list
  await page.goto("/desk/guarantee");
  await expect(page.getByRole("checkbox", { name: "이 목록의 문의 모두 선택" })).toBeVisible();
  const box = page.getByRole("checkbox", { name: `${reference} 선택` }).first();
  await expect(box).toBeVisible();
  await expectAccessible(page);

  // Select all ticks every row; clearing it clears them.
  const selectAll = page.getByRole("checkbox", { name: "이 목록의 문의 모두 선택" });
  await selectAll.check();
  await expect(box).toBeChecked();
  await selectAll.uncheck();
  await expect(box).not.toBeChecked();

  // Closing asks first: dismissing the dialog sends nothing.
  await box.check();
  const panel = page.getByRole("region", { name: "선택한 문의 일괄 처리" });
  await panel.getByRole("radio", { name: /종결/ }).check();
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await panel.getByRole("button", { name: "선택한 문의에 적용" }).click();
  await expect.poll(() => asked).toBe("선택한 문의를 모두 종결할까요?");
  await expect(page.locator("#guarantee-bulk-done")).toHaveCount(0);

  // Assign, by keyboard-reachable controls: the success message is said and focused.
  await panel.getByRole("radio", { name: "담당자 배정" }).check();
  const assignee = panel.getByLabel("배정할 담당자");
  const leadOption = await assignee.locator("option", { hasText: "박서연" }).first().getAttribute("value");
  await assignee.selectOption(leadOption!);
  await panel.getByRole("button", { name: "선택한 문의에 적용" }).click();
  const done = page.locator("#guarantee-bulk-done");
  await expect(done).toHaveText("1건을 박서연님에게 배정했습니다.");
  await expect(done).toBeFocused();
  await expect(page.locator(`tr[data-reference="${reference}"]`).first()).toContainText("박서연");
  await expect(page.getByRole("checkbox", { name: `${reference} 선택` }).first()).not.toBeChecked();
  await expectAccessible(page);

  // --- the dashboard's SLA drill-down (running clocks, nearest deadline first)
  await page.goto("/dashboard/tickets?list=sla&outcome=running");
  const drillBox = page.getByRole("checkbox", { name: `${reference} 선택` }).first();
  await expect(drillBox).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "이 목록의 문의 모두 선택" })).toBeVisible();
  await expectAccessible(page);
  await drillBox.check();
  const drillPanel = page.getByRole("region", { name: "선택한 문의 일괄 처리" });
  await drillPanel.getByRole("radio", { name: "담당자 배정" }).check();
  const drillAssignee = drillPanel.getByLabel("배정할 담당자");
  const agentOption = await drillAssignee.locator("option", { hasText: "김하늘" }).first().getAttribute("value");
  await drillAssignee.selectOption(agentOption!);
  await drillPanel.getByRole("button", { name: "선택한 문의에 적용" }).click();
  const drillDone = page.locator("#drill-bulk-done");
  await expect(drillDone).toHaveText("1건을 김하늘님에게 배정했습니다.");
  await expect(drillDone).toBeFocused();
  await expect(page.locator(`tr[data-reference="${reference}"]`).first()).toContainText("김하늘");
  await expectAccessible(page);

  // --- the queue: the same controls (select all, assign, the success message focused)
  await page.goto(`/desk?q=${reference}`);
  const queueBox = page.getByRole("checkbox", { name: `${reference} 선택` }).first();
  await expect(queueBox).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "이 목록의 문의 모두 선택" })).toBeVisible();
  await queueBox.check();
  const queuePanel = page.getByRole("region", { name: "선택한 문의 일괄 처리" });
  await queuePanel.getByRole("radio", { name: "담당자 배정" }).check();
  await queuePanel.getByLabel("배정할 담당자").selectOption(leadOption!);
  await queuePanel.getByRole("button", { name: "선택한 문의에 적용" }).click();
  const queueDone = page.locator("#bulk-done");
  await expect(queueDone).toHaveText("1건을 박서연님에게 배정했습니다.");
  await expect(queueDone).toBeFocused();
  await expectAccessible(page);

  // The ticket's own page shows the last assignee (its history entries: tests/integration/bulk-lists.test.ts).
  await page.goto(`/desk/tickets/${reference}`);
  await expect(page.locator("select option:checked", { hasText: "박서연" }).first()).toBeAttached();
});
