// Logging without personal numbers (SERVICE-STANDARDS §7): whatever is written to the process
// output passes through the same masking as stored text. Error stacks matter most: a database
// error's message can quote the parameters of the failed query (drizzle: "Failed query: … params:
// …") or the failing row (PostgreSQL: "Failing row contains (…)"), i.e. what a customer typed.
import { maskText } from "./mask";
import { logger } from "./logger.server";
import { currentRequest } from "./request-context.server";

const MAX_LOG_CHARS = 8_000;

/** The text of an error (stack when there is one, its cause too), masked and bounded. */
export function safeErrorText(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    text = error.stack ?? `${error.name}: ${error.message}`;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) text += `\ncaused by: ${cause.stack ?? cause.message}`;
    else if (cause !== undefined) text += `\ncaused by: ${String(cause)}`;
  } else if (typeof error === "string") {
    text = error;
  } else {
    try {
      text = JSON.stringify(error) ?? String(error);
    } catch {
      text = String(error);
    }
  }
  return maskLogText(text);
}

/** Masks personal numbers and drops control characters (no forged log lines) from a log text. */
export function maskLogText(text: string): string {
  // drizzle quotes the failed query's parameters — the values a customer or staff member sent.
  const withoutParams = text.replace(/^(\s*)params: .*$/gm, "$1params: (not logged)");
  const masked = maskText(withoutParams).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "?");
  return masked.length > MAX_LOG_CHARS ? `${masked.slice(0, MAX_LOG_CHARS)}… (${masked.length - MAX_LOG_CHARS} more characters)` : masked;
}

/** An error line (JSON, with the request id when there is one): the scope, and the masked error. */
export function logError(scope: string, error?: unknown): void {
  const requestId = currentRequest()?.requestId;
  logger().error(
    { ...(requestId ? { requestId } : {}), ...(error === undefined ? {} : { err: safeErrorText(error) }) },
    maskLogText(scope),
  );
}
