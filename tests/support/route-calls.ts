// Calling Remix loaders and actions directly in tests, and reading what they return or throw.
import { expect } from "vitest";

/** Calls a loader or action with a request (and route params, load context). */
export const call = <T>(
  fn: (args: any) => Promise<T>,
  request: Request,
  params: Record<string, string> = {},
  context: Record<string, unknown> = {},
) => fn({ request, params, context });

/** What a loader or action threw (a Response for redirects and 404s). */
export async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

export type DataResult<T> = { type: "DataWithResponseInit"; data: T; init: ResponseInit | null };

/** The payload of `data(…)` returned by a loader or action (single fetch). */
export function asData<T = any>(value: unknown): DataResult<T> {
  expect(value).toMatchObject({ type: "DataWithResponseInit" });
  return value as DataResult<T>;
}
