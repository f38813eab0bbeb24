// The customer's access to a ticket's track page: a signed, short-lived cookie listing the
// references this browser proved it may see (by a tracking link or a one-time code). Nothing
// else about the customer is in it. The cookie is httpOnly and scoped to /track.
import { createCookie } from "@remix-run/node";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { publicUrlIsHttps, sessionSecret } from "~/config/env.server";

/** Idle lifetime of a grant; every page the customer opens renews it. */
export const PORTAL_GRANT_MS = 30 * 60 * 1000;
const MAX_GRANTS = 10;

type Grants = Record<string, number>;

const cookies = new Map<string, ReturnType<typeof createCookie>>();

/** A signed cookie of the tracking pages (path /track), lasting as long as a portal grant. */
export function trackCookie(name: string) {
  const secret = sessionSecret();
  let cookie = cookies.get(name);
  if (!cookie) {
    cookie = createCookie(name, {
      path: "/track",
      httpOnly: true,
      sameSite: "lax",
      secure: publicUrlIsHttps(),
      maxAge: PORTAL_GRANT_MS / 1000,
      secrets: [secret],
    });
    cookies.set(name, cookie);
  }
  return cookie;
}

const portalCookie = () => trackCookie("__portal_access");

async function readGrants(request: Request, now = Date.now()): Promise<Grants> {
  const value: unknown = await portalCookie().parse(request.headers.get("Cookie"));
  const grants: Grants = {};
  if (typeof value !== "object" || value === null) return grants;
  const raw = (value as { g?: unknown }).g;
  if (typeof raw !== "object" || raw === null) return grants;
  for (const [reference, expires] of Object.entries(raw as Record<string, unknown>)) {
    if (REFERENCE_PATTERN.test(reference) && typeof expires === "number" && expires > now) grants[reference] = expires;
  }
  return grants;
}

function serialize(grants: Grants): Promise<string> {
  // Newest grants first; at most MAX_GRANTS tickets per browser.
  const kept = Object.entries(grants)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_GRANTS);
  return portalCookie().serialize({ g: Object.fromEntries(kept) });
}

/** Set-Cookie that grants (or renews) access to this ticket. */
export async function grantAccess(request: Request, reference: string, now = Date.now()): Promise<string> {
  const grants = await readGrants(request, now);
  grants[reference] = now + PORTAL_GRANT_MS;
  return serialize(grants);
}

/** True when this browser may see the ticket now. */
export async function hasAccess(request: Request, reference: string, now = Date.now()): Promise<boolean> {
  if (!REFERENCE_PATTERN.test(reference)) return false;
  const grants = await readGrants(request, now);
  return reference in grants;
}

/** Set-Cookie that ends access to this ticket ("log out" on a shared computer). */
export async function revokeAccess(request: Request, reference: string): Promise<string> {
  const grants = await readGrants(request);
  delete grants[reference];
  return serialize(grants);
}
