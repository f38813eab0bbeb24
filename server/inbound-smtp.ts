// The inbound email listener (started by server/start.ts when INBOUND_SMTP_PORT is set).
//
// Deployment: this is NOT an internet-facing mail server. It has no authentication, no TLS and no
// spam or virus filtering; it listens on loopback (INBOUND_SMTP_HOST, default 127.0.0.1) and
// belongs behind the organisation's MTA (Postfix, Exchange, a mail gateway…), which receives the
// desk's address from the internet, filters it, and relays it here, e.g. with Postfix:
//   transport_maps:  desk@example.org  smtp:[127.0.0.1]:2525
// STARTTLS and AUTH are switched off for that reason (the hop is local). Only bind it to another
// interface on a network where nothing but the MTA can reach it.
//
// Replies: 250 once the message is a ticket (or was already taken: same Message-ID); 552 when it
// is larger than INBOUND_MAX_BYTES; 554 when it cannot be a customer's mail (no From address,
// unparseable); 451 (try again later) when the desk could not store it, so the MTA keeps it and
// retries. A bad message never stops the process.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { InboundRefusal, receiveRawEmail } from "~/inbound/email.server";
import { logError } from "~/core/log.server";

export type InboundSmtp = { port: number; host: string; stop: () => Promise<void> };

type Options = { port: number; host: string; maxBytes: number; log: (line: string) => void };

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

export async function startInboundSmtp(options: Options): Promise<InboundSmtp> {
  const { maxBytes, log } = options;

  async function take(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const outcome = await receiveRawEmail(
      raw,
      new Date(),
      session.envelope.rcptTo.map((r) => r.address),
    );
    switch (outcome.kind) {
      case "created":
        log(`inbound email ${session.id}: new ticket ${outcome.reference}`);
        return `OK: received as ${outcome.reference}`;
      case "appended":
        log(`inbound email ${session.id}: appended to ${outcome.reference}${outcome.resumed ? " (resumed)" : ""}`);
        return `OK: added to ${outcome.reference}`;
      case "duplicate":
        log(`inbound email ${session.id}: already received as ${outcome.reference}`);
        return `OK: already received as ${outcome.reference}`;
      case "ignored":
        log(`inbound email ${session.id}: automatic message, no ticket (${outcome.reason})`);
        return `OK: automatic message, no ticket opened (${outcome.reason})`;
    }
  }

  function onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let over = false;
    let done = false;
    const finish = (err: Error | null, message?: string) => {
      if (done) return;
      done = true;
      callback(err, message);
    };
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        over = true; // keep reading to the end of DATA, but keep nothing more
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    stream.on("error", (error) => {
      log(`inbound email ${session.id}: stream failed (${error.message})`);
      finish(smtpError(451, "4.3.0 The message was not received in full; please try again"));
    });
    stream.on("end", () => {
      if (over || stream.sizeExceeded) {
        finish(smtpError(552, `5.3.4 Message too big: the desk accepts messages up to ${megabytes(maxBytes)}`));
        return;
      }
      take(Buffer.concat(chunks), session).then(
        (message) => finish(null, message),
        (error: unknown) => {
          if (error instanceof InboundRefusal) {
            log(`inbound email ${session.id}: refused (${error.responseCode} ${error.message})`);
            finish(smtpError(error.responseCode, error.message));
            return;
          }
          // Masked: a database error can quote what the message said (addresses, phone numbers).
          logError(`inbound email ${session.id}: could not be stored`, error);
          finish(smtpError(451, "4.3.0 The desk could not store the message right now; please try again later"));
        },
      );
    });
  }

  const server = new SMTPServer({
    name: "desk-inbound",
    banner: "service-standards desk: inbound mail (behind the organisation's MTA)",
    size: maxBytes,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    secure: false,
    logger: false,
    maxClients: 50,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onData,
  });
  server.on("error", (error) => log(`inbound email: ${error.message}`));

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.server.once("error", failed);
    server.listen(options.port, options.host, () => {
      server.server.off("error", failed);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  log(`Inbound email listener on ${options.host}:${port} (messages up to ${megabytes(maxBytes)})`);

  return {
    port,
    host: options.host,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
