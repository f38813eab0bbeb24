// A local SMTP server that keeps what it receives (parsed by mailparser), for tests of the real
// nodemailer transport. It can be stopped and started again on the same port ("the mail server
// is down for a while").
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type SinkMessage = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
  headers: ParsedMail["headers"];
  /** The envelope recipients (RCPT TO). */
  rcptTo: string[];
};

export type SmtpSink = {
  port: number;
  url: string;
  messages: SinkMessage[];
  running: () => boolean;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** Refuse messages with this SMTP reply code (e.g. 550), or accept again with null. */
  rejectWith: (code: number | null) => void;
};

export type SmtpSinkOptions = {
  /** A fixed port (a server started before the sink knows where to send); default any free one. */
  port?: number;
  /** Called with each message kept, e.g. to hand it to another process. */
  onMessage?: (message: SinkMessage) => void;
};

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  let server: SMTPServer | null = null;
  let port = options.port ?? 0;
  let rejectCode: number | null = null;

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            if (rejectCode) {
              const error = new Error("Mailbox unavailable") as Error & { responseCode: number };
              error.responseCode = rejectCode;
              return callback(error);
            }
            const address = (a: ParsedMail["from"]) => (a ? (Array.isArray(a) ? a.map((x) => x.text).join(", ") : a.text) : "");
            const to = mail.to ? (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a.value.map((v) => v.address ?? "")) : [];
            const message: SinkMessage = {
              from: address(mail.from),
              to,
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              messageId: mail.messageId,
              headers: mail.headers,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
            };
            messages.push(message);
            options.onMessage?.(message);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  const start = async () => {
    if (server) return;
    const s = create();
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    s.on("error", () => {});
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };

  const stop = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await start();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    running: () => server !== null,
    start,
    stop,
    rejectWith: (code) => {
      rejectCode = code;
    },
  };
}
