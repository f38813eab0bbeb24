// POST /bench/profile?seconds=N — a V8 CPU profile of this server process for the next N
// seconds (1–60), answered as the profile's JSON when it ends; for the intake benchmark
// (bench/intake.ts) to show where the web process's time goes under load. Like
// /bench/trivial it exists only in a server started with BENCH_TRIVIAL_ROUTE=1; everywhere
// else it answers 404 like any unknown path.
import { withCpuProfile } from "~/lib/cpu-profile.server";
import { benchRoutesEnabled as enabled, notFound, plainText } from "~/lib/bench-routes.server";

let running = false;

export async function loader() {
  return notFound();
}

export async function action({ request }: { request: Request }) {
  if (!enabled()) return notFound();
  const seconds = Number(new URL(request.url).searchParams.get("seconds") ?? "10");
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
    return plainText(422, "seconds: a whole number from 1 to 60");
  }
  // One profiler per process: a second request while one runs would stop the first's.
  if (running) return plainText(409, "a profile is already being taken");
  running = true;
  try {
    const { profile } = await withCpuProfile(() => new Promise((resolve) => setTimeout(resolve, seconds * 1000)));
    return new Response(JSON.stringify(profile), {
      status: 200,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  } finally {
    running = false;
  }
}
