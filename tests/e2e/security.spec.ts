// Security in the browser: the CSP (nonces, no inline script) does not break hydration and logs no
// violation; the login lockout tells the person how long; "log out everywhere" ends the other
// browser's session; a form posted from another origin is refused; the new pages are accessible.
import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, loginAs } from "./support/desk";

declare global {
  interface Window {
    __cspViolations?: string[];
    __sameDocument?: boolean;
  }
}

/** Records CSP violations and console errors of a page. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    // A missing resource is reported below with its address (the browser's own /favicon.ico request aside).
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && !response.url().endsWith("/favicon.ico") && response.request().resourceType() !== "document") {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window.__cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return {
    problems,
    async violations(): Promise<string[]> {
      return (await page.evaluate(() => window.__cspViolations ?? [])) as string[];
    },
  };
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("the CSP carries a fresh nonce, the page hydrates, and no violation or console error is logged", async ({ page }) => {
  const seen = watch(page);
  const response = await page.goto("/login");
  const csp = response!.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response!.headers()["referrer-policy"]).toBe("same-origin");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  // Every inline script Remix wrote carries this request's nonce (browsers hide the attribute, not the property).
  const scriptNonces = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  const again = await page.request.get("/login");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce);

  // Hydrated: a link is followed by the client-side router, in the same document.
  await page.evaluate(() => (window.__sameDocument = true));
  await page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "온라인 문의" }).click();
  await expect(page).toHaveURL(/\/inquiry$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);

  await loginAs(page, "admin@desk.example");
  for (const path of ["/desk", "/desk/log-contact", "/desk/sessions", "/admin/audit", "/inquiry", "/status"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(await seen.violations()).toEqual([]);
  expect(seen.problems).toEqual([]);
});

test("after five wrong passwords the login is locked and the person is told for how long", async ({ page }) => {
  await page.goto("/login");
  const email = `locked-${Date.now()}@desk.example`; // an address no other test uses
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel("이메일").fill(email);
    await page.getByLabel("비밀번호").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    if (i === 3) await expect(page.getByRole("alert")).toContainText("2번 더 틀리면 15분 동안 로그인할 수 없습니다");
  }
  await expect(page.getByRole("alert")).toHaveText(
    "로그인에 여러 번 실패해 이 계정의 로그인을 잠시 막았습니다. 15분 후에 다시 시도해 주세요.",
  );
  // What was typed stays in the field.
  await expect(page.getByLabel("이메일")).toHaveValue(email);
});

test("log out everywhere ends the session in the other browser too", async ({ browser }) => {
  const phone = await browser.newContext();
  const office = await browser.newContext();
  const a = await phone.newPage();
  const b = await office.newPage();
  await loginAs(a, "agent4@desk.example", DEMO_PASSWORD);
  await loginAs(b, "agent4@desk.example", DEMO_PASSWORD);

  await b.getByRole("link", { name: "내 로그인 세션" }).click();
  await expect(b.getByRole("heading", { level: 1, name: "로그인 세션" })).toBeVisible();
  await expect(b.getByText("지금 이 기기")).toBeVisible();
  await expect(b.getByText("다른 기기 또는 브라우저").first()).toBeVisible();
  await expectAccessible(b);
  await b.getByRole("button", { name: "모든 기기에서 로그아웃" }).click();
  await expect(b).toHaveURL(/\/login\?everywhere=\d+/);
  await expect(b.getByRole("status")).toContainText("모든 기기에서 로그아웃했습니다");

  await a.goto("/desk");
  await expect(a).toHaveURL(/\/login\?redirectTo=%2Fdesk/);
  await phone.close();
  await office.close();
});

test("a form posted from another origin is refused with a plain page, and nothing happens", async ({ page, baseURL }) => {
  await loginAs(page, "agent3@desk.example");
  // An attacker's page on another port of the same host (same site, so SameSite=Lax alone would
  // let the session cookie ride along): it posts the log-contact form on load.
  const target = new URL("/desk/log-contact", baseURL).toString();
  const attacker = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><body>
      <form id="f" method="post" action="${target}">
        <input name="channel" value="phone"><input name="name" value="공격자"><input name="phone" value="010-0000-0000">
        <input name="subject" value="CSRF로 만든 접수"><input name="body" value="남의 세션으로 만든 접수">
      </form><script>document.getElementById("f").submit()</script></body></html>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", () => resolve()));
  try {
    const port = (attacker.address() as AddressInfo).port;
    const refused = page.waitForResponse((r) => r.url() === target && r.request().method() === "POST");
    await page.goto(`http://localhost:${port}/`);
    const response = await refused;
    expect(response.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("요청을 처리할 수 없습니다");
    await expect(page.getByText("Request refused")).toBeVisible();
  } finally {
    await new Promise((r) => attacker.close(r));
  }
  // Nothing was filed with the victim's session.
  await page.goto("/desk?tab=active&q=" + encodeURIComponent("CSRF로 만든 접수"));
  await expect(page.getByRole("status").filter({ hasText: "검색 결과" })).toContainText("0건");
});

test("the audit log shows the logins and refusals, filters them, and exports CSV", async ({ page }) => {
  // A refusal to record: an agent asks for the administrators' page.
  await loginAs(page, "agent2@desk.example");
  const denied = await page.goto("/admin/audit");
  expect(denied!.status()).toBe(403);
  await page.getByRole("button", { name: "로그아웃" }).click();
  // Signed out only once the logout's answer has arrived: a navigation before it would still
  // carry the agent's session, and /login would send it back to the queue.
  await expect(page).toHaveURL(/\/login$/);

  await loginAs(page, "admin@desk.example");
  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "감사 로그" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("행위").selectOption("permission.denied");
  await page.getByLabel("사용자 (이메일, 이름)").fill("agent2@desk.example");
  await page.getByRole("button", { name: "검색" }).click();
  await expect(page).toHaveURL(/action=permission.denied/);
  const table = page.getByRole("table", { name: "검색 결과" });
  await expect(table.getByRole("row").nth(1)).toContainText("권한 거부");
  await expect(table.getByRole("row").nth(1)).toContainText("/admin/audit");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV로 내려받기" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
  expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(text.toString("utf8")).toContain("permission.denied");
});
