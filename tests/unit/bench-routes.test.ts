// The bench-only routes answer 404 unless the server was started for a benchmark, and the
// profile they hand out is sorted into kinds of work the way the intake bench reports it.
import { afterEach, describe, expect, it } from "vitest";
import * as profileRoute from "../../app/routes/bench.profile";
import * as trivialRoute from "../../app/routes/bench.trivial";
import { kindOf, profileByKind, type CpuProfile } from "../../bench/lib/profile";

const post = (url: string) => new Request(url, { method: "POST", body: "{}" });

describe("bench routes", () => {
  afterEach(() => {
    delete process.env.BENCH_TRIVIAL_ROUTE;
  });

  it("are unknown paths in a server not started for a benchmark", async () => {
    delete process.env.BENCH_TRIVIAL_ROUTE;
    expect((await trivialRoute.action({ request: post("http://desk/bench/trivial") })).status).toBe(404);
    expect((await profileRoute.action({ request: post("http://desk/bench/profile?seconds=1") })).status).toBe(404);
    expect((await profileRoute.loader()).status).toBe(404);
  });

  it("profile this process for the seconds asked, one profile at a time", async () => {
    process.env.BENCH_TRIVIAL_ROUTE = "1";
    expect((await profileRoute.action({ request: post("http://desk/bench/profile?seconds=0") })).status).toBe(422);
    expect((await profileRoute.action({ request: post("http://desk/bench/profile?seconds=abc") })).status).toBe(422);
    const first = profileRoute.action({ request: post("http://desk/bench/profile?seconds=1") });
    expect((await profileRoute.action({ request: post("http://desk/bench/profile?seconds=1") })).status).toBe(409);
    const response = await first;
    expect(response.status).toBe(200);
    const profile = (await response.json()) as CpuProfile;
    expect(profile.samples.length).toBeGreaterThan(0);
    const { totalMs } = profileByKind(profile);
    expect(totalMs).toBeGreaterThan(900);
    expect(totalMs).toBeLessThan(5_000);
  });
});

describe("profileByKind", () => {
  it("sorts self time by the frame's package or role", () => {
    expect(kindOf({ functionName: "is", url: "file:///srv/desk/node_modules/drizzle-orm/entity.js" })).toBe(
      "drizzle-orm: building SQL, mapping rows",
    );
    expect(kindOf({ functionName: "compilePath", url: "file:///srv/desk/node_modules/@remix-run/router/dist/router.cjs.js" })).toBe(
      "Remix + Express: request, route matching, response",
    );
    expect(kindOf({ functionName: "Result", url: "file:///srv/desk/node_modules/postgres/src/result.js" })).toBe(
      "postgres.js: wire protocol, parsing results",
    );
    expect(kindOf({ functionName: "writeBuffer", url: "" })).toBe("socket writes and other native calls");
    expect(kindOf({ functionName: "_Request", url: "node:internal/deps/undici/undici" })).toBe(
      "Fetch API objects (Request, Headers, streams)",
    );
    expect(kindOf({ functionName: "createTicket", url: "file:///srv/desk/build/index.js" })).toBe("the desk's own code (app/, db/, jobs/)");
    expect(kindOf({ functionName: "(garbage collector)", url: "" })).toBe("garbage collection");
    expect(kindOf({ functionName: "(idle)", url: "" })).toBe("idle (waiting for I/O)");
  });

  it("counts each sample's interval for that sample's frame", () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "" } },
        { id: 2, callFrame: { functionName: "is", url: "file:///x/node_modules/drizzle-orm/entity.js" } },
        { id: 3, callFrame: { functionName: "(idle)", url: "" } },
      ],
      samples: [2, 2, 3],
      timeDeltas: [1000, 2000, 500],
    };
    const { totalMs, byKind } = profileByKind(profile);
    expect(totalMs).toBe(3.5);
    expect(byKind.get("drizzle-orm: building SQL, mapping rows")).toBe(3);
    expect(byKind.get("idle (waiting for I/O)")).toBe(0.5);
  });
});
