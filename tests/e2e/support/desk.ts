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
 * Presses the dashboard's 지금 새로 고침 and waits for the page's figures to be counted again
 * (the action, then the page's data read anew) and for the figures' time to be back in the status.
 */
export async function refreshDashboard(page: Page) {
  const reloaded = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith(".data"));
  await page.getByRole("button", { name: "지금 새로 고침" }).click();
  await reloaded;
  await expect(page.getByRole("status").filter({ hasText: /^집계 시각/ })).toBeVisible();
}
