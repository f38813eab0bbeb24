import { problem } from "~/api/problem.server";
import { mayReadMetrics } from "~/auth/tokens.server";
import { scrape } from "~/ops/metrics.server";

// GET /metrics: Prometheus text format, for an API token of role admin or metrics.
export async function loader({ request }: { request: Request }) {
  if (!(await mayReadMetrics(request.headers.get("Authorization")))) {
    return problem(401, "A bearer token of role admin or metrics is required (Authorization: Bearer <token>).", {
      headers: { "WWW-Authenticate": 'Bearer realm="desk"' },
    });
  }
  const { body, contentType } = await scrape();
  return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
