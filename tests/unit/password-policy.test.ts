// The staff password rules (NIST SP 800-63B) over generated people and passwords.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minimumLength, passwordProblem } from "~/auth/password-policy.server";
import { STAFF_ROLES } from "../../db/schema";

const person = fc.record({
  local: fc.stringMatching(/^[a-z][a-z0-9.]{2,15}$/),
  name: fc.constantFrom("김민지", "Lee Jun", "박서준", "Alice Kim", "최 하늘"),
  role: fc.constantFrom(...STAFF_ROLES),
});

describe("password policy", () => {
  it("refuses anything shorter than the role's minimum, counting characters as seen", () => {
    fc.assert(
      fc.property(person, fc.string({ minLength: 0, maxLength: 11, unit: "grapheme" }), (p, password) => {
        fc.pre([...password.normalize("NFC")].length < minimumLength(p.role));
        expect(passwordProblem(password, { email: `${p.local}@desk.test`, name: p.name, role: p.role })?.key).toBe("password.tooShort");
      }),
    );
  });

  it("refuses the email, and a password containing its name part or the person's name", () => {
    fc.assert(
      fc.property(person, fc.stringMatching(/^[0-9!#]{0,6}$/), (p, suffix) => {
        const email = `${p.local}@desk.test`;
        const who = { email, name: p.name, role: p.role };
        for (const password of [email, email.toUpperCase(), `${p.local}${suffix}correct-horse`, `${p.name}${suffix}battery-staple-2`]) {
          if ([...password].length < minimumLength(p.role)) continue;
          expect(passwordProblem(password, who)?.key).toBe("password.personal");
        }
      }),
    );
  });

  it("refuses common and guessable passwords of any length", () => {
    const who = { email: "staff@desk.test", name: "김민지", role: "admin" as const };
    for (const password of ["aaaaaaaaaaaa", "password1234", "123456789012", "qwertyuiop12", "iloveyou1234"]) {
      expect(passwordProblem(password, who)?.key).toBe("password.weak");
    }
  });

  it("accepts a long passphrase, 12 characters for administrators and 8 for others", () => {
    expect(minimumLength("admin")).toBe(12);
    expect(minimumLength("agent")).toBe(8);
    const who = { email: "staff@desk.test", name: "김민지", role: "admin" as const };
    expect(passwordProblem("청포도 익어가는 7월 harbor", who)).toBeNull();
    expect(passwordProblem("violet-ladder-orbit-91", who)).toBeNull();
  });
});
