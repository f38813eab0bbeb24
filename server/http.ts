import type { NextFunction, Request, Response } from "express";

/** Headers every response carries (a stricter CSP with nonces comes with the security work). */
export function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'self'");
  next();
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
  if (!API_METHODS.has(req.method)) return send(405, "Method not allowed", `${req.method} is not supported by this API.`, { Allow: "GET, HEAD, POST, OPTIONS" });
  if (req.path.endsWith(".data") || req.query._data !== undefined) return send(404, "Not found", "No such API resource.");
  next();
}
