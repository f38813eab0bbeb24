// Who is asking, for per-client rate limits. The HTTP server may pass the socket address in the
// Remix load context (`clientIp`, e.g. Express's req.ip with "trust proxy"); without it the
// address the nearest proxy appended to X-Forwarded-For is used; failing both, null: the per-client
// limits are then skipped (one bucket shared by every customer would lock them all out) and the
// per-reference limits hold on their own.
export function clientAddress(request: Request, context?: unknown): string | null {
  const fromContext = (context as { clientIp?: unknown } | undefined)?.clientIp;
  if (typeof fromContext === "string" && fromContext.trim()) return fromContext.trim();
  const forwarded = request.headers.get("X-Forwarded-For");
  if (forwarded) {
    const hops = forwarded.split(",").map((h) => h.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last.slice(0, 64);
  }
  return null;
}
