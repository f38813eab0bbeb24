import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { withoutNulBytes } from "~/lib/strip-nul.server";
import { logError } from "~/core/log.server";
import { NonceProvider } from "~/security/nonce";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  // The per-request CSP nonce from server/http.ts: every inline script Remix writes carries it.
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          // Byte-level filter: the renderer's NUL bytes never reach the browser (see strip-nul.server.ts).
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError("render:", error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

// Errors the framework reports (loaders/actions that threw something unexpected). Masked: a
// database error can quote what a customer typed (docs/SECURITY.md, "Logs").
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logError("remix:", error);
}
