// `npm run desk -- privacy:mask-stored [--batch N] [--restart]` (server/cli.ts): masks the personal
// numbers already stored, table by table (ADR 0013). Safe to run at any time and any number of
// times: it resumes an interrupted walk and does nothing once this version's walk is finished.
import { z } from "zod";
import { MASK_VERSION } from "~/core/mask";
import { maskStored } from "./mask-stored.server";

export async function runMaskStoredCommand(values: Record<string, unknown>, say: (line: string) => void): Promise<void> {
  const input = z.object({ batch: z.coerce.number().int().min(1).max(5_000).optional(), restart: z.boolean().optional() }).parse(values);
  say(
    `Masking personal numbers already stored (masking rules version ${MASK_VERSION})${input.restart ? ", walking every table again" : ""}.`,
  );
  const started = Date.now();
  const result = await maskStored({
    batchSize: input.batch,
    restart: input.restart,
    onBatch: (target, p) => say(`  … ${target}: ${p.seen} rows read, ${p.changed} masked`),
  });
  for (const r of result.targets) {
    const state =
      r.skipped === "missing" ? "no such table here" : r.skipped === "done" ? "already done" : `${r.seen} rows read, ${r.changed} masked`;
    say(`  ${r.target.padEnd(26)} ${state}`);
  }
  say(
    `Finished in ${Date.now() - started} ms: ${result.changed} rows masked, ${result.events} tickets given a privacy.masked history entry.`,
  );
}
