// What the desk knows about the request being served, for the request log line and the audit
// log: its id, and the staff member behind it once authentication has found one. One store per
// process: it lives on globalThis because server/ (run by tsx) and the Remix build (bundled) each
// hold their own copy of this module.
import { AsyncLocalStorage } from "node:async_hooks";
import { singleton } from "~/lib/process-global";

export type RequestContext = { requestId: string; staffId?: string };

function storage(): AsyncLocalStorage<RequestContext> {
  return singleton("requestContext", () => new AsyncLocalStorage<RequestContext>());
}

/** Runs `fn` as part of the request `context` (every await inside sees it). */
export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage().run(context, fn);
}

/** The request being served, if any (none in jobs and the CLI). */
export function currentRequest(): RequestContext | undefined {
  return storage().getStore();
}

/** Records who is behind the current request (its log line names the staff id, never the person). */
export function noteStaff(staffId: string | null | undefined): void {
  const context = storage().getStore();
  if (context && staffId) context.staffId = staffId;
}
