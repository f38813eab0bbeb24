// One server-sent event stream (text/event-stream) of live updates for a signed-in staff member:
// registered with this process's hub for as long as the browser keeps it open (ADR 0015).
import type { StaffUser } from "~/core/staff-user";
import { logError } from "~/core/log.server";
import { liveHub, newViewerId, type LiveClient, type LiveEvent } from "./hub.server";

/** How long the browser waits before reconnecting a dropped stream (EventSource `retry`). */
const RETRY_MS = 5_000;
/** After a failure to register (database unreachable), a longer pause before trying again. */
const RETRY_AFTER_FAILURE_MS = 15_000;

export const STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-store, no-transform",
  // A reverse proxy (nginx) must pass each event on at once rather than buffer the response.
  "X-Accel-Buffering": "no",
};

/** The stream for `user`, limited to `ticketId` (a ticket page, already access-checked) or the queue (null). */
export async function openLiveStream(request: Request, user: StaffUser, ticketId: string | null): Promise<Response> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  const write = (text: string) => {
    if (!open) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      open = false;
    }
  };
  const client: LiveClient = {
    id: newViewerId(),
    viewer: { id: user.id, email: user.email, name: user.name, role: user.role, teamId: user.teamId },
    ticketId,
    send: (event: LiveEvent) => write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    beat: () => write(": beat\n\n"),
    close: () => {
      if (!open) return;
      open = false;
      try {
        controller.close();
      } catch {
        // already closed by the reader
      }
    },
  };
  const end = () => {
    client.close();
    void liveHub().unsubscribe(client);
  };
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel: end,
  });
  write(`retry: ${RETRY_MS}\n\n`);
  if (request.signal.aborted) {
    client.close();
    return new Response(body, { headers: STREAM_HEADERS });
  }
  request.signal.addEventListener("abort", end, { once: true });
  try {
    await liveHub().subscribe(client);
    write(": ready\n\n");
  } catch (error) {
    // The page works without live updates; the browser tries again after a pause.
    logError("live: opening a stream failed", error);
    write(`retry: ${RETRY_AFTER_FAILURE_MS}\n\n`);
    end();
  }
  return new Response(body, { headers: STREAM_HEADERS });
}
