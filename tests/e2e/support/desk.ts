import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo1234!";

export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(/이메일|Email/).fill(email);
  await page.getByLabel(/비밀번호|Password/).fill(password);
  await page.getByRole("button", { name: /로그인|Log in/ }).click();
  // Each role lands where its work is: managers and admins on the dashboard, the others in their queue.
  await expect(page).toHaveURL(/\/(desk|dashboard)/);
}

/**
 * Presses the dashboard's 지금 새로 고침 and waits until the page shows figures counted at or after
 * the press, by the figures' time in the status (KST, to the second). The reload's response alone
 * is not enough: the page was seen still showing the figures from before it.
 */
export async function refreshDashboard(page: Page) {
  const pressedAt = Math.floor(Date.now() / 1000) * 1000;
  await page.getByRole("button", { name: "지금 새로 고침" }).click();
  const status = page.getByRole("status").filter({ hasText: /^집계 시각/ });
  await expect
    .poll(async () => {
      const shown = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)/.exec((await status.textContent({ timeout: 1_000 }).catch(() => "")) ?? "");
      return shown ? Date.parse(`${shown[1]}T${shown[2]}+09:00`) >= pressedAt : false;
    })
    .toBe(true);
}
