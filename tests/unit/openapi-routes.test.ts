// docs/openapi.yaml against the API routes: every app/routes/api.v1.* route has its path in the
// document with exactly the methods it serves (asked from the route itself: OPTIONS answers with
// `Allow`), every documented path is served, and every ticket action the route knows is documented.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ActionFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const routesDir = path.join(root, "app/routes");

/**
 * The `paths` of the OpenAPI document and the HTTP methods under each. Read by indentation (the
 * document writes paths at two spaces and operations at four), so the test needs no YAML library.
 */
function documentedPaths(): Map<string, string[]> {
  const lines = readFileSync(path.join(root, "docs/openapi.yaml"), "utf8").split("\n");
  const paths = new Map<string, string[]>();
  let inPaths = false;
  let current: string[] | null = null;
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inPaths = line.startsWith("paths:");
      current = null;
      continue;
    }
    if (!inPaths) continue;
    const pathMatch = /^ {2}(\/\S*):\s*$/.exec(line);
    if (pathMatch) {
      current = [];
      paths.set(pathMatch[1], current);
      continue;
    }
    const method = /^ {4}(get|put|post|delete|options|head|patch|trace):/.exec(line);
    if (method && current) current.push(method[1].toUpperCase());
  }
  return paths;
}

type ApiRoute = { file: string; segments: string[] };

/** app/routes/api.v1.tickets.$reference.ts → ["api", "v1", "tickets", "$reference"]. */
function apiRoutes(): ApiRoute[] {
  return readdirSync(routesDir)
    .filter((f) => f.startsWith("api.v1.") && /\.tsx?$/.test(f))
    .map((file) => ({ file, segments: file.replace(/\.tsx?$/, "").split(".") }));
}

/** Whether a documented path is one the route serves: literal segments equal, `$param` takes any. */
function routeServes(route: ApiRoute, documented: string): boolean {
  const segments = documented.split("/").filter(Boolean);
  return segments.length === route.segments.length && route.segments.every((s, i) => s.startsWith("$") || s === segments[i]);
}

/** The route's params for a documented path ({reference} → a sample reference). */
function paramsFor(route: ApiRoute, documented: string): Record<string, string> {
  const segments = documented.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  route.segments.forEach((s, i) => {
    if (s.startsWith("$")) params[s.slice(1)] = segments[i].startsWith("{") ? "260430-0042" : segments[i];
  });
  return params;
}

async function routeModule(route: ApiRoute) {
  return (await import(path.join(routesDir, route.file))) as { action: (args: ActionFunctionArgs) => Promise<Response> };
}

/** What the route serves at this path, from its answer to OPTIONS (no token needed). */
async function servedMethods(route: ApiRoute, documented: string): Promise<string[]> {
  const { action } = await routeModule(route);
  const request = new Request(`http://localhost${documented}`, { method: "OPTIONS" });
  const response = await action({ request, params: paramsFor(route, documented), context: {} });
  expect(response.status, `${documented}: OPTIONS`).toBe(204);
  return (response.headers.get("Allow") ?? "")
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m && m !== "HEAD" && m !== "OPTIONS");
}

describe("docs/openapi.yaml and the API routes", () => {
  const documented = documentedPaths();
  const routes = apiRoutes();

  it("finds the routes and the documented paths", () => {
    expect(routes.length).toBeGreaterThanOrEqual(5);
    expect(documented.size).toBeGreaterThanOrEqual(routes.length);
  });

  it("documents every api.v1 route with the methods it serves", async () => {
    for (const route of routes) {
      const paths = [...documented.keys()].filter((p) => routeServes(route, p));
      expect(paths, `${route.file} has no path in docs/openapi.yaml`).not.toEqual([]);
      for (const p of paths) {
        expect([...(documented.get(p) ?? [])].sort(), `methods of ${p}`).toEqual((await servedMethods(route, p)).sort());
      }
    }
  });

  it("documents no path that no route serves", () => {
    for (const p of documented.keys()) {
      expect(
        routes.some((r) => routeServes(r, p)),
        `${p} is in docs/openapi.yaml but no app/routes/api.v1.* route serves it`,
      ).toBe(true);
    }
  });

  it("documents every ticket action", async () => {
    const route = routes.find((r) => r.file.startsWith("api.v1.tickets.$reference.$action."))!;
    const { action } = await routeModule(route);
    const request = new Request("http://localhost/api/v1/tickets/260430-0042/no-such-action", { method: "POST" });
    const unknown = await action({ request, params: { reference: "260430-0042", action: "no-such-action" }, context: {} });
    expect(unknown.status).toBe(404);
    const known = /Use one of: (.+)\.$/.exec(((await unknown.json()) as { detail: string }).detail)?.[1].split(", ") ?? [];
    expect(known).toContain("assign");
    for (const name of known) expect(documented.has(`/api/v1/tickets/{reference}/${name}`), `action ${name}`).toBe(true);
  });
});
