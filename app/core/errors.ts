/** A failure the person can act on: shown as a message (UI) or problem+json (API), never a 5xx. */
export class DeskError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429,
    readonly messageKey: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(messageKey);
    this.name = "DeskError";
  }
}

export const notFound = () => new DeskError(404, "common.notFound");
export const forbidden = () => new DeskError(403, "common.forbidden");
export const invalidTransition = () => new DeskError(409, "error.badTransition");
