import { existsSync } from "node:fs";
import { startSmtpSink } from "../../support/smtp-sink";
import { deliverToMailbox, emptyMailbox } from "./mailbox";

// A missing browser is a failure in CI, never a silent skip. The desk (started by the config's
// webServer, before this runs) sends its mail to E2E_SMTP_PORT: the sink started here keeps it
// for the specs (./mailbox.ts) until the run ends.
export default async function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    const message = `Chromium not found at ${chromium}: install Debian's chromium (apt-get install -y chromium fonts-noto-cjk).`;
    if (process.env.CI) throw new Error(message);
    throw new Error(`${message} The end-to-end tests need it.`);
  }
  const port = Number(process.env.E2E_SMTP_PORT);
  if (!Number.isInteger(port) || port <= 0)
    throw new Error("E2E_SMTP_PORT is not set: playwright.config.ts sets it for the desk and the SMTP sink.");
  emptyMailbox();
  const sink = await startSmtpSink({ port, onMessage: deliverToMailbox });
  return async () => {
    await sink.stop();
  };
}
