// Customer emails read as written Korean (issue 21): one greeting when the agent writes their own,
// "기한" said once in the apology, and a survey link in the final answer.
import { describe, expect, it } from "vitest";
import { renderEmail } from "~/notify/render.server";

process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";

const reference = "260430-0042";

describe("reply email greeting", () => {
  it("greets once: ours when the agent does not, none when the agent's text already greets", async () => {
    const plain = await renderEmail(
      "reply",
      { reference, subject: "문의", body: "요청하신 서류를 보내 드립니다.", customerName: "이영희" },
      "ko",
    );
    expect(plain.text.match(/안녕하세요/g)).toHaveLength(1);
    for (const body of ["안녕하세요, 고객님.\n요청하신 서류를 보내 드립니다.", "이영희 고객님, 안녕하십니까.\n답변 드립니다."]) {
      const greeted = await renderEmail("reply", { reference, subject: "문의", body, customerName: "이영희" }, "ko");
      expect(greeted.text.match(/안녕하(세요|십니까)/g), greeted.text).toHaveLength(1);
    }
    const en = await renderEmail(
      "reply",
      { reference, subject: "Q", body: "Dear Ms Lee,\nHere is the answer.", customerName: "Lee" },
      "en",
    );
    expect(en.text.match(/Dear/g)).toHaveLength(1);
  });
});

describe("apology email wording", () => {
  it("never says 기한 twice nor 1일(8업무시간), for every broken promise", async () => {
    for (const metric of ["first_reply", "final_answer", "callback", "requested_reply", "promised_date"]) {
      const mail = await renderEmail("breach_apology", { reference, metrics: [metric] }, "ko");
      expect(mail.text, metric).not.toMatch(/약속드린 [^.]*기한[^.]*기한을/);
      expect(mail.text, metric).toMatch(/약속드린 [^.]*기한[^.]*지키지 못했습니다/);
      expect(mail.text).not.toMatch(/\(를\)|을\(|업무시간/);
    }
  });
});
