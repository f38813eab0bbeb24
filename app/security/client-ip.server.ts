// Who is asking: the client's address, for per-address rate limits and the audit log.
//
// server/http.ts (`clientIpHeader`) puts Express's `req.ip` — which honours X-Forwarded-For only
// from the proxies TRUST_PROXY names — into the load context (`clientIp`) and into the request
// header below, overwriting whatever the client sent under that name. Nothing here reads
// X-Forwarded-For itself: a client could write any address there.
export const CLIENT_IP_HEADER = "x-desk-client-ip";

/** The client's address, or null when the server did not tell it (no address is guessed). */
export function clientAddress(request: Request, context?: unknown): string | null {
  const fromContext = (context as { clientIp?: unknown } | undefined)?.clientIp;
  if (typeof fromContext === "string" && fromContext.trim()) return clean(fromContext);
  const fromHeader = request.headers.get(CLIENT_IP_HEADER);
  if (fromHeader && fromHeader.trim()) return clean(fromHeader);
  return null;
}

/** The client's address for the audit log and staff limits: "unknown" when not told. */
export function clientIp(request: Request, context?: unknown): string {
  return clientAddress(request, context) ?? "unknown";
}

function clean(value: string): string | null {
  return (
    value
      .trim()
      .replace(/^::ffff:/, "")
      .replace(/[^0-9a-fA-F:.%\w-]/g, "")
      .slice(0, 64) || null
  );
}
