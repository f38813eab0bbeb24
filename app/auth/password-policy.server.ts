// What a staff password must be (NIST SP 800-63B §5.1.1.2): long enough (8, or 12 for anyone who
// can change the desk's settings), not the person's email or name, and not a common or guessable
// password — judged by zxcvbn-ts with its bundled list of common passwords rather than by
// composition rules (which NIST advises against).
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import type { StaffRole } from "~/db/schema";

export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's 0–4 score; 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
function strength() {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

export function minimumLength(role: StaffRole): number {
  return role === "admin" ? 12 : 8;
}

/** Why a password is refused, as an i18n key with its parameters; null when it may be used. */
export type PasswordProblem = { key: string; params?: Record<string, number> };

export function passwordProblem(password: string, person: { email: string; name: string; role: StaffRole }): PasswordProblem | null {
  // Length counts characters as a person sees them (a Hangul syllable is one).
  const length = [...password.normalize("NFC")].length;
  const min = minimumLength(person.role);
  if (length < min) return { key: "password.tooShort", params: { min } };
  if (length > PASSWORD_MAX_LENGTH) return { key: "password.tooLong", params: { max: PASSWORD_MAX_LENGTH } };
  const plain = password.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  const email = person.email.trim().toLowerCase();
  const local = email.split("@")[0] ?? "";
  const name = person.name.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  if (plain === email || (local.length >= 3 && plain.includes(local)) || (name.length >= 2 && plain.includes(name))) {
    return { key: "password.personal" };
  }
  const result = strength().check(password, [email, local, person.name, "desk", "helpdesk", "민원"]);
  if (result.score < MIN_SCORE) return { key: "password.weak" };
  return null;
}
