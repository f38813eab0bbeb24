// Where a process's time went, from a V8 CPU profile (Profiler.stop's JSON): each sample's own
// frame (self time) sorted into a few kinds of work a reader can act on.

type CallFrame = { functionName: string; url: string };
export type CpuProfile = { nodes: Array<{ id: number; callFrame: CallFrame }>; samples: number[]; timeDeltas: number[] };

const OWN_CODE = "the desk's own code (app/, db/, jobs/)";

export const PROFILE_KINDS = [
  OWN_CODE,
  "drizzle-orm: building SQL, mapping rows",
  "postgres.js: wire protocol, parsing results",
  "Remix + Express: request, route matching, response",
  "Fetch API objects (Request, Headers, streams)",
  "zod, luxon and other packages",
  "Node.js core: HTTP, streams, timers, crypto",
  "socket writes and other native calls",
  "garbage collection",
  "V8 and native, unattributed",
  "idle (waiting for I/O)",
] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export function kindOf(frame: CallFrame): ProfileKind {
  const { functionName: fn, url } = frame;
  if (fn === "(garbage collector)") return "garbage collection";
  if (fn === "(idle)") return "idle (waiting for I/O)";
  if (fn === "(program)" || fn === "(root)") return "V8 and native, unattributed";
  if (url === "") return "socket writes and other native calls";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg === "drizzle-orm") return "drizzle-orm: building SQL, mapping rows";
  if (pkg === "postgres") return "postgres.js: wire protocol, parsing results";
  if (pkg?.startsWith("@remix-run/") || pkg === "express" || pkg === "router" || pkg === "body-parser")
    return "Remix + Express: request, route matching, response";
  if (pkg) return "zod, luxon and other packages";
  if (
    url.startsWith("node:internal/deps/undici") ||
    url.startsWith("node:internal/webstreams") ||
    url.startsWith("node:internal/abort_controller")
  ) {
    return "Fetch API objects (Request, Headers, streams)";
  }
  if (url.startsWith("node:")) return "Node.js core: HTTP, streams, timers, crypto";
  // The server bundle (build/index.js) holds the app; tsx-run modules keep their own paths.
  return OWN_CODE;
}

/** Self time per kind of work, in milliseconds, and the profile's whole span. */
export function profileByKind(profile: CpuProfile): { totalMs: number; byKind: Map<ProfileKind, number> } {
  const kindOfNode = new Map(profile.nodes.map((n) => [n.id, kindOf(n.callFrame)]));
  const byKind = new Map<ProfileKind, number>(PROFILE_KINDS.map((k) => [k, 0]));
  let total = 0;
  // timeDeltas[i] is the time from the previous sample to sample i: it counts for sample i.
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const kind = kindOfNode.get(id) ?? "V8 and native, unattributed";
    byKind.set(kind, byKind.get(kind)! + us);
  });
  for (const [k, us] of byKind) byKind.set(k, us / 1000);
  return { totalMs: total / 1000, byKind };
}

/**
 * Profiles side by side, per request (or per `unit`: what `requests` counts): milliseconds of the
 * process's time and the share of each kind.
 */
export function profileTable(columns: Array<{ label: string; profile: CpuProfile; requests: number }>, unit = "request"): string {
  const summaries = columns.map((c) => ({ ...c, ...profileByKind(c.profile) }));
  const head = `${"kind of work".padEnd(54)}${summaries.map((s) => s.label.padStart(26)).join("")}`;
  const lines = [head, `${"".padEnd(54)}${summaries.map(() => `ms/${unit}      share`.padStart(26)).join("")}`];
  for (const kind of PROFILE_KINDS) {
    lines.push(
      `${kind.padEnd(54)}${summaries
        .map((s) => {
          const ms = s.byKind.get(kind)!;
          return `${(ms / Math.max(1, s.requests)).toFixed(3).padStart(14)}${`${((100 * ms) / Math.max(1, s.totalMs)).toFixed(1)} %`.padStart(12)}`;
        })
        .join("")}`,
    );
  }
  lines.push(
    `${(unit === "request" ? "total (profiled wall time ÷ requests answered)" : `total (profiled wall time per ${unit})`).padEnd(54)}${summaries
      .map(
        (s) =>
          `${(s.totalMs / Math.max(1, s.requests)).toFixed(3).padStart(14)}${(unit === "request" ? `${s.requests} req` : "").padStart(12)}`,
      )
      .join("")}`,
  );
  return lines.join("\n");
}

/** The desk's own functions by self time (ms), largest first: where its share of a profile goes. */
export function ownFunctions(profile: CpuProfile, count: number): string {
  const byFunction = new Map<string, number>();
  const nameOf = new Map(
    profile.nodes
      .filter((n) => kindOf(n.callFrame) === OWN_CODE)
      .map((n) => [
        n.id,
        `${n.callFrame.functionName || "(anonymous)"} (${n.callFrame.url.replace(/^.*?\/(app|db|jobs|bench)\//, "$1/")})`,
      ]),
  );
  profile.samples.forEach((id, i) => {
    const name = nameOf.get(id);
    if (name) byFunction.set(name, (byFunction.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name}`)
    .join("\n");
}
