// Where a customer message goes: the channel the customer prefers when we have a usable address
// for it, else the other one; nothing usable → recorded as unsent with the reason.

export type NotifyChannel = "email" | "sms";

/** Why a notification could not be sent, stored as `code` or `code: detail` (the outbox translates the code). */
export const NOTIFY_ERROR_CODES = [
  "no_address",
  "no_mobile",
  "staff_no_email",
  "staff_inactive",
  "smtp_not_configured",
  "sms_not_configured",
  "sms_opted_out",
  "template_payload",
  "smtp",
  "twilio",
  "lease_expired",
] as const;
export type NotifyErrorCode = (typeof NOTIFY_ERROR_CODES)[number];

export function errorCode(error: string | null | undefined): NotifyErrorCode | null {
  if (!error) return null;
  const code = error.split(":")[0]!.trim();
  return (NOTIFY_ERROR_CODES as readonly string[]).includes(code) ? (code as NotifyErrorCode) : null;
}

/**
 * A phone number Twilio can text, in E.164: Korean mobiles (010, 011, 016–019) become +82…;
 * an international number written with + is kept. Landlines and short numbers cannot take SMS.
 */
export function smsNumber(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const compact = phone.replace(/[^\d+]/g, "");
  if (compact.startsWith("+82")) return smsNumber(`0${compact.slice(3)}`);
  if (/^01[016789]\d{7,8}$/.test(compact)) return `+82${compact.slice(1)}`;
  if (/^\+[1-9]\d{7,14}$/.test(compact)) return compact;
  return null;
}

export type CustomerContact = { email: string | null; phone: string | null; preferredContact: string | null };

export type Route =
  | { ok: true; channel: NotifyChannel; to: string; note?: "sms_too_long" | "fallback" }
  | { ok: false; channel: NotifyChannel; error: string };

/**
 * Chooses the channel and address for a customer message.
 * - `preferred` (the staff member's choice, e.g. reply via sms) wins over the customer's preference;
 * - an SMS that would need more than 2 segments goes by email when the customer has one
 *   (otherwise it is shortened with a note to call — see render.server);
 * - `smsOnly` messages are never sent by email.
 */
export function routeCustomer(
  contact: CustomerContact,
  options: { preferred?: NotifyChannel; smsOnly?: boolean; smsFitsWhole: () => boolean },
): Route {
  const email = contact.email?.trim() || null;
  const mobile = smsNumber(contact.phone);
  if (options.smsOnly) {
    if (mobile) return { ok: true, channel: "sms", to: mobile };
    return { ok: false, channel: "sms", error: contact.phone ? "no_mobile" : "no_address" };
  }
  // The staff member's choice, else the customer's stated preference (phone calls: a text is closest).
  const stated: NotifyChannel | null =
    options.preferred ??
    (contact.preferredContact === "sms" || contact.preferredContact === "phone"
      ? "sms"
      : contact.preferredContact === "email"
        ? "email"
        : null);
  const preferred: NotifyChannel = stated ?? (email ? "email" : "sms");
  const order: NotifyChannel[] = preferred === "sms" ? ["sms", "email"] : ["email", "sms"];
  const fallback = (channel: NotifyChannel) => (stated && channel !== stated ? { note: "fallback" as const } : {});
  for (const channel of order) {
    if (channel === "email" && email) return { ok: true, channel, to: email, ...fallback(channel) };
    if (channel === "sms" && mobile) {
      if (email && !options.smsFitsWhole()) return { ok: true, channel: "email", to: email, note: "sms_too_long" };
      return { ok: true, channel, to: mobile, ...fallback(channel) };
    }
  }
  // Nothing usable: a landline only, or no contact details at all.
  return { ok: false, channel: preferred, error: contact.phone ? "no_mobile" : "no_address" };
}
