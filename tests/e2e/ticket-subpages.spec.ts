// The ticket's own sub-pages (remote support, disclosure decision, voice) are pages of their own,
// not children of the ticket page: a link from the ticket must show the sub-page, not the ticket again.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { loginAs } from "./support/desk";

test("the remote-support link on a ticket opens the remote-support page", async ({ page }) => {
  await loginAs(page, "agent1@desk.example");
  const subject = `원격지원 e2e ${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/desk/log-contact");
  await page
    .getByRole("group", { name: /접수 경로/ })
    .getByRole("radio", { name: "전화", exact: true })
    .check();
  await page.getByLabel("이름").fill("원격지원");
  await page.getByRole("textbox", { name: /이메일/ }).fill("remote-e2e@example.com");
  await page.getByLabel("제목").fill(subject);
  await page.getByLabel(/^내용/).fill("프로그램 설치가 전화 안내로 해결되지 않습니다.");
  await page.getByRole("button", { name: "접수 등록" }).click();
  await expect(page).toHaveURL(/\/desk\/tickets\/\d{6}-\d{4,}\?done=logged$/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;

  await page.getByRole("link", { name: "원격지원 요청·예약" }).click();
  await expect(page).toHaveURL(`/desk/tickets/${reference}/remote`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("원격지원");
  await expect(page.locator("h2#remote-request")).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // A document load of the same address shows the same page.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("원격지원");
});
