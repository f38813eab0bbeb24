// Staff login with throttling: 5 failures for one email within 15 minutes (or 20 from one client
// address) lock it for 15 minutes, and the person is told how long. Counting is by the email as
// typed, whether or not such an account exists, so the lock reveals nothing about who has one.
// Every attempt — success, wrong password, locked — is in the audit log.
import { recordAudit } from "~/security/audit.server";
import { hit, lock, lockedSeconds, LOGIN_LOCK_SECONDS, resetHits, SECURITY_LIMITS } from "~/security/rate-limit.server";
import { login, staffByEmail, type StaffUser } from "./session.server";

export type LoginAttempt =
  | { ok: true; user: StaffUser }
  /** Wrong email or password; `remaining` failures before the email is locked. */
  | { ok: false; reason: "invalid"; remaining: number }
  /** Too many failures: no password is checked until the lock ends. */
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

const LOCK_EMAIL = "login-email";
const LOCK_IP = "login-ip";

function normalise(email: string): string {
  return email.trim().toLowerCase();
}

export async function attemptLogin(email: string, password: string, ip: string, now = new Date()): Promise<LoginAttempt> {
  const subject = normalise(email);
  const locked = Math.max(await lockedSeconds(LOCK_EMAIL, [subject], now), ip === "unknown" ? 0 : await lockedSeconds(LOCK_IP, [ip], now));
  if (locked > 0) {
    await audit("login.failure", subject, ip, { reason: "locked", retryAfterSeconds: locked });
    return { ok: false, reason: "locked", retryAfterSeconds: locked };
  }

  const user = await login(subject, password);
  if (user) {
    await resetHits(SECURITY_LIMITS.loginFailuresPerEmail, subject);
    await recordAudit({ actor: user, action: "login.success", targetType: "staff", targetId: user.id, ip, details: { email: user.email } });
    return { ok: true, user };
  }

  const perEmail = await hit(SECURITY_LIMITS.loginFailuresPerEmail, subject, now);
  const perIp = ip === "unknown" ? null : await hit(SECURITY_LIMITS.loginFailuresPerIp, ip, now);
  const emailFull = perEmail.count >= SECURITY_LIMITS.loginFailuresPerEmail.limit;
  const ipFull = perIp !== null && perIp.count >= SECURITY_LIMITS.loginFailuresPerIp.limit;
  if (emailFull) await lock(LOCK_EMAIL, subject, LOGIN_LOCK_SECONDS, now);
  if (ipFull) await lock(LOCK_IP, ip, LOGIN_LOCK_SECONDS, now);
  await audit("login.failure", subject, ip, { reason: "invalid", failures: perEmail.count, locked: emailFull || ipFull });
  if (emailFull || ipFull) return { ok: false, reason: "locked", retryAfterSeconds: LOGIN_LOCK_SECONDS };
  return { ok: false, reason: "invalid", remaining: SECURITY_LIMITS.loginFailuresPerEmail.limit - perEmail.count };
}

async function audit(action: "login.failure", email: string, ip: string, details: Record<string, unknown>) {
  // The account, when there is one, is the target: an administrator sees attacks on it.
  const person = email.length <= 254 ? await staffByEmail(email).catch(() => null) : null;
  await recordAudit({
    actor: "anonymous",
    action,
    targetType: "staff",
    targetId: person?.id ?? null,
    ip,
    details: { email: email.slice(0, 254), ...details },
  });
}
