// Live updates end to end (ADR 0015): two staff members in two browsers. A new inquiry appears in
// the agent's queue without a reload; on the ticket page each sees that the other has it open; the
// lead's note reaches the agent's page at once, announced politely; leaving clears the warning.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";

const AGENT = "agent1@desk.example"; // 김하늘, 민원1팀
const LEAD = "lead1@desk.example"; // 박서연, 민원1팀

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function newInquiry(page: Page, subject: string): Promise<string> {
  await page.goto("/inquiry");
  await page.locator("#field-name").fill("홍길동");
  await page.locator("#field-email").fill("customer@example.com");
  await page.locator("#field-subject").fill(subject);
  await page.locator("#field-body").fill("확인 부탁드립니다.");
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page).toHaveURL(/\/inquiry\/received/);
  return (await page.locator(".receipt .reference").textContent())!.trim();
}

/** Opens a ticket page, waits until it is interactive and its live stream has said who is there. */
async function openTicket(page: Page, reference: string) {
  const streamOpen = page.waitForResponse((r) => r.url().includes(`/desk/live?ticket=${reference}`));
  await page.goto(`/desk/tickets/${reference}`);
  await expect(page.locator("article.ticket-page")).toHaveAttribute("data-hydrated", "");
  await streamOpen;
}

test("two staff members: the queue and the ticket update live, and each sees the other", async ({ browser }) => {
  const agentContext = await browser.newContext();
  const leadContext = await browser.newContext();
  const customerContext = await browser.newContext();
  try {
    const agent = await agentContext.newPage();
    const lead = await leadContext.newPage();
    const customer = await customerContext.newPage();
    await loginAs(agent, AGENT);
    await loginAs(lead, LEAD);

    // The agent watches the unassigned queue; a customer files an inquiry meanwhile.
    const queueStream = agent.waitForResponse((r) => r.url().endsWith("/desk/live"));
    await agent.goto("/desk?tab=unassigned");
    await queueStream;
    const subject = `실시간 확인 ${Math.random().toString(36).slice(2, 8)}`;
    const reference = await newInquiry(customer, subject);
    await expect(agent.getByRole("status").filter({ hasText: "새 문의 1건" })).toBeVisible({ timeout: 15_000 });
    await expect(agent.getByRole("link", { name: reference })).toBeVisible();

    // Both open it: each is told the other has it open.
    await openTicket(agent, reference);
    await openTicket(lead, reference);
    await expect(agent.getByText("박서연 님도 이 문의를 보고 있습니다.")).toBeVisible({ timeout: 15_000 });
    await expect(lead.getByText("김하늘 님도 이 문의를 보고 있습니다.")).toBeVisible({ timeout: 15_000 });
    await expectAccessible(agent);

    // The lead leaves a note: the agent's page shows it without a reload, and says who did what.
    const note = `실시간 메모 ${Math.random().toString(36).slice(2, 8)}`;
    await lead.getByLabel("메모 내용").fill(note);
    await lead.getByRole("button", { name: "메모 남기기" }).click();
    await expect(lead.getByText("내부 메모를 남겼습니다.")).toBeVisible();
    await expect(agent.getByRole("status").filter({ hasText: "이 문의가 방금 변경되었습니다 — 박서연 님이 메모를 남김" })).toBeVisible({
      timeout: 15_000,
    });
    await expect(agent.getByText("박서연 님이 방금 메모를 남겼습니다.")).toBeVisible();
    await expect(agent.getByText(note)).toBeVisible();
    // No internal label reaches the page.
    await expect(agent.locator(".live-updates")).not.toContainText(/staff:|note\.added|@desk\.example/);
    await expectAccessible(agent);

    // While the agent types, a change does not wipe the draft: a button offers the reload instead.
    await agent.getByLabel("메모 내용").fill("작성 중인 메모");
    await lead.getByLabel("메모 내용").fill(`${note} 두 번째`);
    await lead.getByRole("button", { name: "메모 남기기" }).click();
    await expect(agent.getByRole("button", { name: "지금 새로 고치기" })).toBeVisible({ timeout: 15_000 });
    await expect(agent.getByLabel("메모 내용")).toHaveValue("작성 중인 메모");
    await expectAccessible(agent);

    // The lead leaves the page: the agent's warning goes.
    await lead.goto("/desk");
    await expect(agent.getByText("박서연 님도 이 문의를 보고 있습니다.")).toBeHidden({ timeout: 15_000 });
  } finally {
    await Promise.all([agentContext.close(), leadContext.close(), customerContext.close()]);
  }
});
