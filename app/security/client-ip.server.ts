// Who is asking: the client's address, for per-address rate limits and the audit log.
//
// server/http.ts (`clientIpHeader`) puts Express's `req.ip` — which honours X-Forwarded-For only
// from the proxies TRUST_PROXY names — into the load context (`clientIp`) and into the request
// header below, overwriting whatever the client sent under that name. Code that has only the
// Request (requireStaff, helpers) reads the header; code with the load context prefers it.
export const CLIENT_IP_HEADER = "x-desk-client-ip";

export function clientIp(request: Request, context?: unknown): string {
  const fromContext = (context as { clientIp?: unknown } | undefined)?.clientIp;
  if (typeof fromContext === "string" && fromContext.trim()) return clean(fromContext);
  const fromHeader = request.headers.get(CLIENT_IP_HEADER);
  if (fromHeader && fromHeader.trim()) return clean(fromHeader);
  return "unknown";
}

function clean(value: string): string {
  return value.trim().replace(/^::ffff:/, "").replace(/[^0-9a-fA-F:.%\w-]/g, "").slice(0, 64) || "unknown";
}
