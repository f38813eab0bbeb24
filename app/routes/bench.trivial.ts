// GET/POST /bench/trivial — a JSON route that does no work, for the intake benchmark
// (bench/intake.ts) to compare POST /api/v1/tickets with: the same server, Express and Remix,
// the same request body read and parsed, no database. It exists only in a server started with
// BENCH_TRIVIAL_ROUTE=1; everywhere else it answers 404 like any unknown path.
import { benchRoutesEnabled as enabled, notFound } from "~/lib/bench-routes.server";

function answer(body: unknown) {
  return new Response(JSON.stringify({ ok: true, received: body === null ? 0 : 1 }), {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function loader() {
  return enabled() ? answer(null) : notFound();
}

export async function action({ request }: { request: Request }) {
  if (!enabled()) return notFound();
  const text = await request.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return answer(body);
}
