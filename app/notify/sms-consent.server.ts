// Text-message consent: a customer who texts STOP / 수신거부 gets no more texts from the desk
// until they text START / 수신동의. Each keyword is recorded (append-only); outgoing SMS to a
// number whose latest word was "stop" is refused and recorded as not sent.
import { desc, eq } from "drizzle-orm";
import { smsConsent } from "~/db/schema";
import { executor } from "~/db/connection";
import { smsNumber } from "./address.server";

// Twilio's standard opt-out/opt-in keywords and the Korean words customers use (the whole message).
const OPT_OUT = new Set(["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "수신거부", "거부", "수신중지", "문자거부"]);
const OPT_IN = new Set(["start", "unstop", "yes", "수신동의", "동의", "수신재개"]);

export type ConsentWord = { optedOut: boolean; keyword: string };

/** The consent a text expresses when it is only a keyword (case, spaces and punctuation aside); else null. */
export function consentKeyword(body: string): ConsentWord | null {
  const word = body
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\s.!~,'"·\-_]/g, "");
  if (OPT_OUT.has(word)) return { optedOut: true, keyword: word };
  if (OPT_IN.has(word)) return { optedOut: false, keyword: word };
  return null;
}

/** Records a keyword from a number (once per MessageSid). False when the number cannot take texts. */
export async function recordConsent(from: string, word: ConsentWord, externalId: string): Promise<boolean> {
  const phone = smsNumber(from);
  if (!phone) return false;
  await executor()
    .insert(smsConsent)
    .values({ phone, optedOut: word.optedOut, keyword: word.keyword, externalId })
    .onConflictDoNothing({ target: smsConsent.externalId });
  return true;
}

/** Whether the number's latest word was "stop". */
export async function smsOptedOut(to: string): Promise<boolean> {
  const phone = smsNumber(to) ?? to;
  const [latest] = await executor()
    .select({ optedOut: smsConsent.optedOut })
    .from(smsConsent)
    .where(eq(smsConsent.phone, phone))
    .orderBy(desc(smsConsent.at), desc(smsConsent.id))
    .limit(1);
  return latest?.optedOut ?? false;
}
