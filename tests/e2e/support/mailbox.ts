// The mail the desk sent during the end-to-end run, as the customer receives it. Global setup
// runs an SMTP sink (tests/support/smtp-sink.ts) on E2E_SMTP_PORT, the port the desk's SMTP_URL
// points at (playwright.config.ts), and writes every message it receives to this file, one JSON
// object a line; the specs, in their own worker processes, read it here.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";

export const MAILBOX_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../.data/e2e-mail/messages.jsonl");

export type Mail = { from: string; to: string[]; subject: string; text: string; html: string };

export function emptyMailbox() {
  rmSync(path.dirname(MAILBOX_FILE), { recursive: true, force: true });
  mkdirSync(path.dirname(MAILBOX_FILE), { recursive: true });
}

export function deliverToMailbox(mail: Mail) {
  const { from, to, subject, text, html } = mail;
  appendFileSync(MAILBOX_FILE, `${JSON.stringify({ from, to, subject, text, html })}\n`);
}

export function readMailbox(): Mail[] {
  if (!existsSync(MAILBOX_FILE)) return [];
  return readFileSync(MAILBOX_FILE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Mail);
}

/** Waits for the first message to `to` whose subject matches, as the desk's outbox sends it. */
export async function waitForMail(to: string, subject: RegExp | string, timeout = 30_000): Promise<Mail> {
  const find = () =>
    readMailbox().find((m) => m.to.includes(to) && (typeof subject === "string" ? m.subject.includes(subject) : subject.test(m.subject)));
  await expect.poll(() => find() !== undefined, { message: `an e-mail to ${to} about ${subject}`, timeout }).toBe(true);
  return find()!;
}
