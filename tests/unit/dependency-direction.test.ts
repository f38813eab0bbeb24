// The dependency direction of docs/decisions/0019-dependency-direction.md: a folder imports only
// folders of its own layer or below, and no two folders import each other, even through others.
// Imports are read with a regex over the source (static, dynamic and type-only imports alike).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** Bottom to top. A folder is app/<name>, or one of db, emails, jobs, server. */
export const LAYERS: { name: string; folders: string[] }[] = [
  { name: "base", folders: ["app/lib", "app/config", "app/i18n", "app/styles"] },
  { name: "db", folders: ["db"] },
  { name: "core", folders: ["app/core"] },
  { name: "kit", folders: ["app/ui", "emails"] },
  {
    name: "subjects",
    folders: [
      "app/tickets",
      "app/sla",
      "app/notify",
      "app/outages",
      "app/reports",
      "app/surveys",
      "app/reviews",
      "app/privacy",
      "app/security",
      "app/staff",
      "app/visits",
      "app/remote",
      "app/disclosure",
      "app/auth",
      "app/inbound",
      "app/uploads",
      "app/ops",
    ],
  },
  { name: "screens", folders: ["app/desk", "app/portal", "app/admin", "app/guarantee-desk", "app/intake", "app/api", "app/live"] },
  { name: "routes", folders: ["app/routes", "app/(root)"] },
  { name: "entry", folders: ["app/demo", "jobs", "server"] },
];

const SCANNED = ["app", "db", "emails", "jobs", "server"];

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules" && e.name !== "migrations") walk(p, out);
    } else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

export function folderOf(repoPath: string): string {
  const parts = repoPath.split("/");
  if (parts[0] === "app") return parts.length > 2 ? `app/${parts[1]}` : "app/(root)";
  return parts[0];
}

const IMPORT =
  /(?:^|[\s;{}(])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** Repo path (no extension) an import specifier points at, or null for a package. */
export function target(fromRepoPath: string, spec: string): string | null {
  const bare = spec.replace(/\?.*$/, "");
  if (bare.startsWith("~/")) {
    const rest = bare.slice(2);
    return /^(db|jobs|emails)\//.test(rest) ? rest : `app/${rest}`;
  }
  if (bare.startsWith(".")) return path.posix.normalize(path.posix.join(path.posix.dirname(fromRepoPath), bare));
  return null;
}

/** Folder-to-folder imports, each with the files that make it. */
function folderEdges(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of SCANNED.flatMap((d) => walk(path.join(root, d)))) {
    const from = path.relative(root, file).split(path.sep).join("/");
    const source = fs.readFileSync(file, "utf8");
    for (const m of source.matchAll(IMPORT)) {
      const to = target(from, m[1] ?? m[2]);
      if (!to || to.startsWith("node_modules")) continue;
      const a = folderOf(from);
      const b = folderOf(to);
      if (a === b) continue;
      const key = `${a} -> ${b}`;
      edges.set(key, [...(edges.get(key) ?? []), `${from} imports ${m[1] ?? m[2]}`]);
    }
  }
  return edges;
}

const layerOf = new Map(LAYERS.flatMap((l, i) => l.folders.map((f) => [f, i] as const)));

/** Strongly connected groups of more than one folder (Tarjan). */
function cycles(edges: Iterable<string>): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = e.split(" -> ");
    graph.set(a, [...(graph.get(a) ?? []), b]);
    if (!graph.has(b)) graph.set(b, []);
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return groups;
}

describe("dependency direction (ADR 0019)", () => {
  const edges = folderEdges();

  it("every folder has a layer", () => {
    const folders = new Set([...edges.keys()].flatMap((e) => e.split(" -> ")));
    expect([...folders].filter((f) => !layerOf.has(f))).toEqual([]);
  });

  it("no folder imports a folder of a higher layer", () => {
    const against = [...edges.keys()].filter((e) => {
      const [a, b] = e.split(" -> ");
      return (layerOf.get(a) ?? -1) < (layerOf.get(b) ?? -1);
    });
    const added = against.map((e) => `${e}: ${edges.get(e)!.join("; ")}`);
    expect(added, "imports against the direction").toEqual([]);
  });

  it("no cycle between folders", () => {
    const all = [...edges.keys()];
    const found = cycles(all).map((group) =>
      group.map(
        (f) =>
          `${f} -> ${all
            .filter((e) => e.startsWith(`${f} -> `) && group.includes(e.split(" -> ")[1]))
            .map((e) => `${e.split(" -> ")[1]} (${edges.get(e)!.join("; ")})`)
            .join(", ")}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it("the reader sees the imports it should", () => {
    // a guard against the regex quietly reading nothing
    expect(edges.get("app/tickets -> app/core")?.length).toBeGreaterThan(0);
    expect(cycles(["a -> b", "b -> c", "c -> a", "c -> d"])).toEqual([["a", "b", "c"]]);
  });
});
