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
