// The confirmation page after a web inquiry (PRG): the reference travels in a short-lived signed
// cookie, never in the URL, so the page shows nothing anyone could read from a link or forge.
import { createCookie } from "@remix-run/node";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { publicUrlIsHttps, sessionSecret } from "~/config/env.server";

/** Long enough to follow the redirect; the page itself ends the cookie when it shows it. */
const MAX_AGE_SECONDS = 10 * 60;

let cookie: ReturnType<typeof createCookie> | undefined;
function receiptCookie() {
  cookie ??= createCookie("__inquiry_receipt", {
    path: "/inquiry",
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrlIsHttps(),
    maxAge: MAX_AGE_SECONDS,
    secrets: [sessionSecret()],
  });
  return cookie;
}

/** `trackingUrl`: the customer's tracking link (with its token), shown once on the confirmation page. */
export type Receipt = { reference: string; receivedAt: string; trackingUrl?: string };

/** Set-Cookie for the confirmation page. */
export function rememberReceipt(receipt: Receipt): Promise<string> {
  return receiptCookie().serialize(receipt);
}

/**
 * Set-Cookie that ends the receipt: the confirmation page is shown once, so the tracking link is
 * not there for the next person on a shared computer (reload, back button, history).
 */
export function forgetReceipt(): Promise<string> {
  return receiptCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

export async function readReceipt(request: Request): Promise<Receipt | null> {
  const value: unknown = await receiptCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "object" || value === null) return null;
  const { reference, receivedAt, trackingUrl } = value as Record<string, unknown>;
  if (typeof reference !== "string" || !REFERENCE_PATTERN.test(reference) || typeof receivedAt !== "string") return null;
  return { reference, receivedAt, ...(typeof trackingUrl === "string" && /^https?:\/\//.test(trackingUrl) ? { trackingUrl } : {}) };
}
