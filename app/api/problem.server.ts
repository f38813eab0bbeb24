// RFC 9457 problem details for every API error.
import { translateDynamic } from "~/i18n/i18n";
import { translateError } from "~/core/validation";

const TITLES: Record<number, string> = {
  400: "Malformed request",
  401: "Authentication required",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Request body too large",
  415: "Unsupported media type",
  422: "Validation failed",
  429: "Too many requests",
  503: "Service unavailable",
};

export function problem(
  status: number,
  detail: string,
  options: { errors?: Record<string, string>; type?: string; headers?: HeadersInit } = {},
): Response {
  const body: Record<string, unknown> = {
    type: options.type ?? `https://desk.invalid/problems/${status}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
  };
  if (options.errors) {
    body.errors = Object.fromEntries(Object.entries(options.errors).map(([k, v]) => [k, translateError("en", v)]));
  }
  const headers = new Headers(options.headers);
  headers.set("Content-Type", "application/problem+json; charset=utf-8");
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(body), { status, headers });
}

export function problemFromKey(status: number, messageKey: string, errors?: Record<string, string>): Response {
  const detail = messageKey.startsWith("error.") ? translateError("en", messageKey) : translateDynamic("en", messageKey);
  return problem(status, detail, { errors });
}
