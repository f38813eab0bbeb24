// The HTTP defences every request passes before Remix (docs/SECURITY.md explains each):
//   securityHeaders — a per-request CSP nonce and the security headers;
//   clientIpHeader  — the client's address (as TRUST_PROXY allows) for rate limits and the audit log;
//   originGuard     — CSRF: a state-changing request to a page must come from the desk's own origin;
//   apiGuard        — /api answers stay problem+json;
//   getLoadContext  — hands the nonce and the address to Remix loaders/actions and entry.server.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { setting, publicUrlIsHttps } from "~/config/env.server";
import { CLIENT_IP_HEADER } from "~/security/client-ip.server";

/** The desk's load context (Remix `context` in loaders, actions and entry.server's handleRequest). */
export type DeskLoadContext = { cspNonce?: string; clientIp?: string };

/**
 * Which proxies may set X-Forwarded-For / X-Forwarded-Proto (Express "trust proxy"). Default:
 * loopback and private networks — a reverse proxy on the same host or network is believed, a
 * client on the internet cannot forge its address. TRUST_PROXY accepts what Express does:
 * "false", "true", a hop count ("1"), or addresses/subnets ("10.0.0.1, 10.0.0.0/8").
 */
export function trustProxySetting(value?: string): boolean | number | string {
  // Validated by the configuration schema: a value Express would refuse stops the desk at start.
  return value === undefined ? setting("TRUST_PROXY") : setting("TRUST_PROXY", { TRUST_PROXY: value });
}

function publicOrigin(): string | null {
  const url = setting("PUBLIC_URL");
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The Content-Security-Policy of a response whose inline scripts carry `nonce`. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // Remix's inline scripts (hydration data, scroll restoration, streamed data) carry the nonce.
    `script-src 'self' 'nonce-${nonce}'`,
    // No inline styles anywhere (no style="" attributes, no <style>): stylesheets from the desk only.
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
].join(", ");

/**
 * An answer given before the request body was read (a 413, a refusal) closes the connection:
 * the unread bytes would otherwise be taken for the client's next request on the same
 * keep-alive connection, which then fails (ECONNRESET).
 */
export function closeUnreadBodies(req: Request, res: Response, next: NextFunction) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<typeof writeHead>) {
    const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if (hasBody && !req.complete && !this.headersSent) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
}

/** Headers every response carries; the nonce is new for every request. */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  if (req.secure || publicUrlIsHttps()) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  next();
}

/**
 * The client's address as Express sees it (req.ip honours X-Forwarded-For only from trusted
 * proxies), put where code that has only the Request can read it. Whatever the client itself
 * sent under that header name is replaced.
 */
export function clientIpHeader(req: Request, res: Response, next: NextFunction) {
  const ip = (req.ip ?? req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
  res.locals.clientIp = ip;
  req.headers[CLIENT_IP_HEADER] = ip;
  next();
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Bearer-token API (no cookies) and signed webhooks: no ambient credentials to abuse. */
const EXEMPT = [/^\/api\//, /^\/webhooks\//];

function originOf(value: string | undefined): string | null {
  if (!value || value === "null") return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

export type OriginVerdict = { allowed: true; by: string } | { allowed: false; reason: string };

/**
 * CSRF defence in depth (the session cookie is also SameSite=Lax). A POST/PUT/PATCH/DELETE to a
 * page must come from PUBLIC_URL's origin or the request's own Host:
 *   1. Origin, when the browser sent a real one, must be one of those;
 *   2. else Referer's origin must be;
 *   3. else (Origin "null" — pages with `Referrer-Policy: no-referrer` make browsers send that —
 *      and no Referer) the browser's Sec-Fetch-Site must say same-origin;
 *   4. a request with none of the three comes from a program, not a browser: no cookie of a
 *      victim rides along, so it is let through (its session, if any, is its own).
 */
export function checkOrigin(req: { method: string; path: string; headers: Record<string, string | string[] | undefined> }): OriginVerdict {
  if (!STATE_CHANGING.has(req.method.toUpperCase())) return { allowed: true, by: "method" };
  if (EXEMPT.some((re) => re.test(req.path))) return { allowed: true, by: "exempt" };
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const host = header("host")?.toLowerCase();
  const allowed = (origin: string) => origin === publicOrigin() || (host !== undefined && hostOf(origin) === host);
  const rawOrigin = header("origin")?.trim();
  const origin = originOf(rawOrigin);
  if (origin) return allowed(origin) ? { allowed: true, by: "origin" } : { allowed: false, reason: `origin ${origin}` };
  // Something no browser sends (an Origin or Referer that is not a URL) is refused, never ignored.
  if (rawOrigin && rawOrigin !== "null") return { allowed: false, reason: "malformed origin" };
  const rawReferer = header("referer")?.trim();
  const referer = originOf(rawReferer);
  if (referer) return allowed(referer) ? { allowed: true, by: "referer" } : { allowed: false, reason: `referer ${referer}` };
  if (rawReferer) return { allowed: false, reason: "malformed referer" };
  const site = header("sec-fetch-site");
  if (site === "same-origin") return { allowed: true, by: "sec-fetch-site" };
  if (site !== undefined && site !== "none") return { allowed: false, reason: `sec-fetch-site ${site}` };
  if (rawOrigin === "null") return { allowed: false, reason: "origin null" };
  return { allowed: true, by: "no browser headers" };
}

const REFUSED_PAGE = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>요청을 처리할 수 없습니다 — Request refused</title></head>
<body><main>
<h1>요청을 처리할 수 없습니다</h1>
<p>다른 사이트에서 보낸 요청으로 보여 처리하지 않았습니다. 서비스 데스크 화면으로 돌아가 다시 시도해 주세요.</p>
<h2 lang="en">Request refused</h2>
<p lang="en">This request seems to come from another site, so it was not carried out. Go back to the service desk and try again.</p>
<p><a href="/">서비스 데스크로 돌아가기 (Back to the service desk)</a></p>
</main></body></html>
`;

export function originGuard(req: Request, res: Response, next: NextFunction) {
  const verdict = checkOrigin(req);
  if (verdict.allowed) return next();
  // Read and drop the body, so the client gets the page rather than a reset connection.
  req.resume();
  res.status(403).set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.send(REFUSED_PAGE);
}

const API_METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);

/**
 * Keeps /api answers in the API's own dialect: Remix would answer `.data` URLs (its single-fetch
 * encoding) and unknown HTTP methods itself, not in problem+json.
 */
export function apiGuard(req: Request, res: Response, next: NextFunction) {
  if (!req.path.startsWith("/api/")) return next();
  const send = (status: number, title: string, detail: string, headers: Record<string, string> = {}) => {
    res.status(status).set({ "Content-Type": "application/problem+json; charset=utf-8", "Cache-Control": "no-store", ...headers });
    res.send(JSON.stringify({ type: `https://desk.invalid/problems/${status}`, title, status, detail }));
  };
  if (!API_METHODS.has(req.method))
    return send(405, "Method not allowed", `${req.method} is not supported by this API.`, { Allow: "GET, HEAD, POST, OPTIONS" });
  if (req.path.endsWith(".data") || req.query._data !== undefined) return send(404, "Not found", "No such API resource.");
  next();
}

/** For createRequestHandler({ getLoadContext }): the nonce and the client's address. */
export function getLoadContext(req: Request, res: Response): DeskLoadContext {
  return {
    cspNonce: typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : undefined,
    clientIp: typeof res.locals.clientIp === "string" ? res.locals.clientIp : req.ip,
  };
}

/** Everything above, in order, for `app.use(...)`. */
export const securityMiddleware = [closeUnreadBodies, securityHeaders, clientIpHeader, originGuard, apiGuard];
