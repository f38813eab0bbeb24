// Intake end to end in real Chromium: the public home, the web inquiry (with and without
// JavaScript, Korean and English), its confirmation, and staff logging a fax with its scan.
import path from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/desk";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixture = (name: string) => path.join(fixtures, name);

/** No serious or critical accessibility problems (axe-core, WCAG 2 A/AA rules). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The KST datetime-local value of now plus some minutes, read in the browser (its zone is Asia/Seoul). */
function kstLocal(offsetMinutes: number): string {
  const d = new Date(Date.now() + offsetMinutes * 60_000 + 9 * 3600_000);
  return d.toISOString().slice(0, 16);
}

/** Once hydrated, the form checks itself with the shared schema (and sets novalidate). */
async function hydrated(page: Page, formId: string) {
  await expect(page.locator(`form#${formId}`)).toHaveAttribute("novalidate", "");
}

/** A radio of the staff form's channel group (the preferred-contact group has some of the same names). */
const channel = (page: Page, name: string) => page.getByRole("group", { name: /접수 경로/ }).getByRole("radio", { name, exact: true });

async function fillGoodInquiry(page: Page, subject: string) {
  await page.getByLabel("이름").fill("홍길동");
  await page.getByRole("textbox", { name: /이메일/ }).fill("hong@example.com");
  await page.getByRole("textbox", { name: /전화번호/ }).fill("010-1234-5678");
  await page.getByRole("radio", { name: "이메일" }).check();
  await page.getByLabel("문의 유형").selectOption("certificate");
  await page.getByLabel("제목").fill(subject);
  await page.getByLabel("문의 내용").fill("공동인증서 등록 중 오류가 납니다.\n<b>굵게</b> 보이면 안 됩니다.");
  // 개인정보 수집·이용 동의 (issue 21): required.
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
}

test("the home page states the service standards and leads to the inquiry form and the staff login", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("무엇을 도와드릴까요?");
  const promises = page.getByRole("region", { name: "저희가 지키는 약속" });
  await expect(promises).toContainText("1영업일 안에 답변");
  await expect(promises).toContainText("최대 7영업일");
  await expect(promises).toContainText("30분 안에");
  await expect(promises).toContainText("2일 안에 정상화");
  await expect(promises).toContainText("서비스 보증제");
  await expect(page.getByRole("main").getByRole("link", { name: "직원 로그인" })).toHaveAttribute("href", "/login");
  await expectAccessible(page);
  await page.getByRole("main").getByRole("link", { name: "온라인으로 문의하기" }).click();
  await expect(page).toHaveURL(/\/inquiry$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("온라인 문의");
});

test("the promises page shows the standards in force, in words, with the date of the last change and the history", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "약속 전체와 변경 이력 보기" }).click();
  await expect(page).toHaveURL(/\/promises$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("서비스 이행표준");
  await expect(page.getByText(/^마지막 변경: \d{4}년 \d+월 \d+일\(.\)$/)).toBeVisible();
  const charter = page.getByRole("region", { name: "서비스 이행표준 (기본)" });
  await expect(charter.getByRole("row", { name: /처리 완료/ })).toContainText("7일(7영업일째 18시)");
  await expect(charter.getByRole("row", { name: /30분 내 회신 전화/ })).toContainText("30 근무분");
  await expect(page.getByRole("region", { name: "변경 이력" })).toContainText("‘서비스 이행표준 (기본)’ 공개 (버전 1)");
  await expect(page.locator("main")).not.toContainText(/[a-z]+_[a-z]+/);
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
});

test("a customer files an inquiry with an attachment and sees the reference", async ({ page }) => {
  await page.goto("/inquiry");
  await fillGoodInquiry(page, `인증서 오류 ${Date.now()}`);
  await page.getByLabel(/첨부 파일/).setInputFiles([fixture("sample.pdf"), fixture("sample.png")]);
  await page.getByRole("button", { name: "문의 접수하기" }).click();

  await expect(page).toHaveURL(/\/inquiry\/received$/); // nothing personal in the URL
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("문의가 접수되었습니다");
  await expect(page.locator(".reference")).toHaveText(/^\d{6}-\d{4,}$/);
  await expect(page.getByRole("main")).toContainText("1영업일 안에");
  await expect(page.getByRole("main")).not.toContainText("hong@example.com");
  await expectAccessible(page);

  // The confirmation is shown once and not cached: a reload files nothing again (PRG) and says
  // where the reference can be found.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("표시할 접수 내역이 없습니다");
  await expect(page.locator(".reference")).toHaveCount(0);
});

test("an invalid inquiry keeps what was typed and shows errors beside the fields, in Korean and in English", async ({ page }) => {
  await page.goto("/inquiry");
  await hydrated(page, "inquiry-form");
  await page.getByLabel("이름").fill("김민지");
  await page.getByLabel("제목").fill("자동이체 문의");
  await page.getByRole("textbox", { name: /이메일/ }).fill("kim@example");
  await page.getByRole("button", { name: "문의 접수하기" }).click();

  await expect(page).toHaveURL(/\/inquiry$/);
  const summary = page.getByRole("alert").filter({ hasText: "입력 내용을 확인해 주세요" });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(page.locator("#field-email-error")).toHaveText("올바른 이메일 주소를 입력해 주세요. (예: hong@example.com)");
  await expect(page.locator("#field-body-error")).toHaveText("필수 입력 항목입니다.");
  await expect(page.getByRole("textbox", { name: /이메일/ })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("이름")).toHaveValue("김민지");
  await expect(page.getByLabel("제목")).toHaveValue("자동이체 문의");
  await expectAccessible(page);

  // The summary links to the field.
  await summary.getByRole("link", { name: /문의 내용/ }).click();
  await expect(page.locator("#field-body")).toBeFocused();

  // Switch to English: the same mistakes are explained in English.
  await page.getByRole("button", { name: /Change language/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Online inquiry");
  await page.getByLabel("Name").fill("Kim Minji");
  await page.getByRole("textbox", { name: /Email/ }).fill("kim@example");
  await page.getByLabel("Subject").fill("Auto-debit question");
  await page.getByRole("button", { name: "Send inquiry" }).click();
  await expect(page.locator("#field-email-error")).toHaveText("Please enter a valid email address (e.g. hong@example.com).");
  await expect(page.locator("#field-body-error")).toHaveText("This field is required.");
  await expect(page.getByLabel("Name")).toHaveValue("Kim Minji");
  await page.getByRole("button", { name: /언어 바꾸기/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("온라인 문의");
});

test("a file that is not really a PDF is refused by the server; the text stays and the customer is told to choose files again", async ({
  page,
}) => {
  await page.goto("/inquiry");
  const subject = `가짜 PDF ${Date.now()}`;
  await fillGoodInquiry(page, subject);
  await page.getByLabel(/첨부 파일/).setInputFiles(fixture("fake.pdf"));
  await page.getByRole("button", { name: "문의 접수하기" }).click();

  await expect(page.locator("#field-files-error")).toHaveText("PDF, PNG, JPEG, TIFF 파일만 올릴 수 있습니다. (파일 내용으로 확인합니다)");
  await expect(page.locator("#field-files-hint")).toContainText("첨부 파일은 다시 골라 주세요");
  await expect(page.getByLabel("제목")).toHaveValue(subject);
  await expect(page.getByLabel("이름")).toHaveValue("홍길동");
  await expect(page).toHaveURL(/\/inquiry$/);

  // Choosing a real file then goes through.
  await page.getByLabel(/첨부 파일/).setInputFiles(fixture("sample.tiff"));
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page.locator(".reference")).toHaveText(/^\d{6}-\d{4,}$/);
});

/** A file just over the 10 MB limit that starts like a PDF. */
function oversizedPdf() {
  const buffer = Buffer.alloc(10 * 1024 * 1024 + 1);
  buffer.write("%PDF-1.4\n");
  return { name: "big-scan.pdf", mimeType: "application/pdf", buffer };
}

test("a file over 10 MB is refused before it is sent", async ({ page }) => {
  await page.goto("/inquiry");
  await hydrated(page, "inquiry-form");
  await fillGoodInquiry(page, "큰 파일");
  await page.getByLabel(/첨부 파일/).setInputFiles(oversizedPdf());
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page.locator("#field-files-error")).toHaveText("파일은 10MB 이하만 올릴 수 있습니다.");
  await expect(page).toHaveURL(/\/inquiry$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the inquiry form still works: server errors beside the fields, then a reference", async ({ page }) => {
    await page.goto("/inquiry");
    await fillGoodInquiry(page, "자바스크립트 없이 보내는 문의");
    await page.getByRole("textbox", { name: /전화번호/ }).fill("12");
    await page.getByLabel(/첨부 파일/).setInputFiles(fixture("sample.png"));
    await page.getByRole("button", { name: "문의 접수하기" }).click();

    await expect(page.locator("#field-phone-error")).toHaveText("올바른 전화번호를 입력해 주세요. (예: 010-1234-5678)");
    await expect(page.getByRole("alert").filter({ hasText: "입력 내용을 확인해 주세요" })).toBeVisible();
    await expect(page.getByLabel("제목")).toHaveValue("자바스크립트 없이 보내는 문의");
    await expect(page.getByRole("textbox", { name: /전화번호/ })).toHaveValue("12");
    await expect(page.getByRole("radio", { name: "이메일" })).toBeChecked();
    await expect(page.getByLabel("문의 유형")).toHaveValue("certificate");
    await expect(page.locator("#field-files-hint")).toContainText("첨부 파일은 다시 골라 주세요");

    await page.getByRole("textbox", { name: /전화번호/ }).fill("010-9876-5432");
    await page.getByLabel(/첨부 파일/).setInputFiles(fixture("sample.png"));
    await page.getByRole("button", { name: "문의 접수하기" }).click();
    await expect(page).toHaveURL(/\/inquiry\/received$/);
    await expect(page.locator(".reference")).toHaveText(/^\d{6}-\d{4,}$/);
  });

  test("a file over 10 MB gets the 10 MB message from the server, with the text kept", async ({ page }) => {
    await page.goto("/inquiry");
    await fillGoodInquiry(page, "큰 파일 (스크립트 없이)");
    await page.getByLabel(/첨부 파일/).setInputFiles(oversizedPdf());
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/inquiry"),
      page.getByRole("button", { name: "문의 접수하기" }).click(),
    ]);
    expect(response.status()).toBe(422);
    await expect(page.locator("#field-files-error")).toHaveText("파일은 10MB 이하만 올릴 수 있습니다.");
    await expect(page.getByLabel("제목")).toHaveValue("큰 파일 (스크립트 없이)");
    await expect(page.locator("#field-files-hint")).toContainText("첨부 파일은 다시 골라 주세요");
  });
});

test("a staff member logs a fax with its scan and lands on the new ticket", async ({ page }) => {
  await loginAs(page, "agent1@desk.example");
  await page.goto("/desk/log-contact");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("접수 등록");
  const receivedAt = page.getByLabel(/실제 접수 시각/);
  await expect(receivedAt).toHaveAttribute("max", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  await expect(page.getByText("처리 기한은 이 시각부터 계산됩니다")).toBeVisible();
  await expectAccessible(page);

  await channel(page, "팩스").check();
  await receivedAt.fill(kstLocal(-90));
  await page.getByLabel("이름").fill("박영수");
  await page.getByRole("textbox", { name: /전화번호/ }).fill("02-123-4567");
  await page.getByLabel("문의 유형").selectOption("auto_debit");
  await page.getByLabel("제목").fill("CMS 부당인출 이의 (팩스 접수)");
  await page.getByLabel(/^내용/).fill("동의하지 않은 자동이체 출금에 대한 이의 제기 서신 요약");
  await page.getByLabel(/스캔본/).setInputFiles(fixture("sample.pdf"));
  await page.getByRole("button", { name: "접수 등록" }).click();

  await expect(page).toHaveURL(/\/desk\/tickets\/\d{6}-\d{4,}\?done=logged$/);
});

test("an arrival time in the future is refused, in the browser and by the server", async ({ page }) => {
  await loginAs(page, "agent1@desk.example");
  await page.goto("/desk/log-contact");
  await hydrated(page, "log-contact-form");
  await channel(page, "전화").check();
  await page.getByLabel(/실제 접수 시각/).fill(kstLocal(24 * 60));
  await page.getByLabel("이름").fill("이영희");
  await page.getByRole("textbox", { name: /전화번호/ }).fill("010-5555-6666");
  await page.getByLabel("제목").fill("미래 시각 테스트");
  await page.getByLabel(/^내용/).fill("통화 내용");
  await page.getByRole("checkbox", { name: "담당자 부재 / 회신 요청" }).check();

  // Checked in the browser with the shared schema before anything is sent.
  await page.getByRole("button", { name: "접수 등록" }).click();
  await expect(page.locator("#field-receivedAt-error")).toHaveText("접수 시각은 미래일 수 없습니다.");
  await expect(page).toHaveURL(/\/desk\/log-contact$/);

  // Sent anyway (form.submit() skips the browser's checks and our script): the server refuses too.
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/desk/log-contact"),
    page.locator("#log-contact-form").evaluate((form: HTMLFormElement) => form.submit()),
  ]);
  expect(response.status()).toBe(422);
  await page.waitForLoadState();
  await expect(page.locator("#field-receivedAt-error")).toHaveText("접수 시각은 미래일 수 없습니다.");
  await expect(page.getByLabel("제목")).toHaveValue("미래 시각 테스트");
  await expect(page.getByRole("checkbox", { name: "담당자 부재 / 회신 요청" })).toBeChecked();
  await expect(channel(page, "전화")).toBeChecked();
  await expect(page).toHaveURL(/\/desk\/log-contact$/);
});

test("우편 asks for the address, the labels say which contact is needed, and an over-long subject is counted, not cut (issue 21)", async ({
  page,
}) => {
  await page.goto("/inquiry");
  await hydrated(page, "inquiry-form");
  await expect(page.getByRole("textbox", { name: "이메일 (둘 중 하나 필수)" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "전화번호 (둘 중 하나 필수)" })).toBeVisible();
  await expect(page.getByLabel(/받으실 주소/)).toBeHidden();
  await page.getByRole("radio", { name: "문자" }).check();
  await expect(page.getByRole("textbox", { name: "전화번호" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "이메일 (선택)" })).toBeVisible();
  await page.getByRole("radio", { name: "우편" }).check();
  await expect(page.getByLabel(/받으실 주소/)).toBeVisible();

  await page.getByLabel("이름").fill("우편희");
  await page.getByRole("textbox", { name: /전화번호/ }).fill("010-3333-4444");
  await page.getByLabel("제목").fill("가".repeat(205));
  await expect(page.locator("#field-subject-counter")).toContainText("205/200자");
  await page.getByLabel("문의 내용").fill("서면으로 받고 싶습니다.");
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page.locator("#field-subject-error")).toHaveText("200자 이내로 입력해 주세요. 지금 205자입니다.");
  await expect(page.locator("#field-postalAddress-error")).toHaveText("우편으로 답변받으려면 받으실 주소를 입력해 주세요.");
  await expect(page.locator("#field-privacyConsent-error")).toContainText("개인정보 수집·이용에 동의해야 접수할 수 있습니다");
  await expect(page.getByLabel("제목")).toHaveValue("가".repeat(205));
  await expect(page.getByRole("group", { name: /개인정보 수집·이용 동의/ })).toContainText("보유·이용 기간");
  await expectAccessible(page);

  await page.getByLabel("제목").fill("우편 답변 요청");
  await page.getByLabel(/받으실 주소/).fill("04524 서울특별시 중구 세종대로 110");
  await page.getByRole("checkbox", { name: /개인정보 수집·이용에 동의합니다/ }).check();
  await page.getByRole("button", { name: "문의 접수하기" }).click();
  await expect(page).toHaveURL(/\/inquiry\/received$/);
});
