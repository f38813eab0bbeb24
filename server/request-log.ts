// One JSON log line per HTTP request (time, level, request id, route id, status, duration, staff
// id — never a path with a customer's tracking code or anything typed), an X-Request-Id header on
// every answer, and the request's context for the audit log and the metrics.
import { randomUUID } from "node:crypto";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { NextFunction, Request, Response } from "express";
import { logger } from "~/core/logger.server";
import { runInRequest, type RequestContext } from "~/core/request-context.server";

type BuildRoute = { id: string; parentId?: string; path?: string; index?: boolean };

/** A request id a client or proxy sent is kept when it is a plain token (no forged log content). */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/** Names the Remix route a path belongs to (its id, e.g. `routes/api.v1.tickets.$id`), bounded for labels. */
export function routeMatcher(routes: Record<string, BuildRoute | undefined>): (path: string) => string {
  const byParent = new Map<string | undefined, BuildRoute[]>();
  for (const route of Object.values(routes)) {
    if (!route) continue;
    byParent.set(route.parentId, [...(byParent.get(route.parentId) ?? []), route]);
  }
  const tree = (parentId: string | undefined): AgnosticRouteObject[] =>
    (byParent.get(parentId) ?? []).map((r) =>
      r.index ? { id: r.id, path: r.path, index: true } : { id: r.id, path: r.path, children: tree(r.id) },
    );
  const objects = tree(undefined);
  return (path) => {
    if (path.startsWith("/build/")) return "static";
    // Single fetch asks for a page's data at `<path>.data` (the home page's at `/_root.data`).
    const pagePath = path === "/_root.data" ? "/" : path.endsWith(".data") ? path.slice(0, -".data".length) : path;
    const matches = matchRoutes(objects, pagePath);
    return matches?.[matches.length - 1]?.route.id ?? "unmatched";
  };
}

export type FinishedRequest = { routeId: string; status: number; durationMs: number };

/** The middleware: request id, context, and the line when the answer is sent (or the client went away). */
export function requestLog(routeOf: (path: string) => string, onFinish?: (request: FinishedRequest) => void) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const sent = req.get("x-request-id");
    const context: RequestContext = { requestId: sent && ACCEPTABLE_ID.test(sent) ? sent : randomUUID() };
    res.setHeader("X-Request-Id", context.requestId);
    let logged = false;
    const done = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const routeId = routeOf(req.path);
      const status = res.statusCode;
      onFinish?.({ routeId, status, durationMs });
      const level = status >= 500 ? "error" : "info";
      logger()[level](
        {
          requestId: context.requestId,
          method: req.method,
          route: routeId,
          status,
          durationMs: Math.round(durationMs * 10) / 10,
          ...(context.staffId ? { staffId: context.staffId } : {}),
          ...(aborted ? { aborted: true } : {}),
        },
        "request",
      );
    };
    res.on("finish", () => done(false));
    res.on("close", () => done(!res.writableFinished));
    runInRequest(context, next);
  };
}
