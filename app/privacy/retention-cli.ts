// `npm run desk -- privacy:retention [--dry-run] [--years N] [--batch N]` (server/cli.ts).
import { z } from "zod";
import { formatKst } from "~/lib/time";
import { anonymiseExpired, retentionReport, retentionYears } from "./retention.server";

export async function runRetentionCommand(values: Record<string, unknown>, say: (line: string) => void): Promise<void> {
  const input = z
    .object({
      "dry-run": z.boolean().optional(),
      years: z.coerce.number().int().min(1).max(100).optional(),
      batch: z.coerce.number().int().min(1).max(5_000).optional(),
    })
    .parse(values);
  const years = input.years ?? retentionYears();
  const report = await retentionReport({ years });
  say(`Retention: personal data of tickets closed more than ${years} years ago (before ${formatKst(report.cutoff)} KST).`);
  say(`  tickets to anonymise         ${report.tickets}`);
  say(`  customers to anonymise       ${report.customers}  (only those with no ticket still within retention)`);
  say(`  messages                     ${report.messages}`);
  say(`  attachments                  ${report.attachments}  (${report.attachmentBytes} bytes)`);
  say(`  notifications                ${report.notifications}`);
  say(`  survey comments              ${report.ratingsWithComments}`);
  if (input["dry-run"]) {
    say("Dry run: nothing was changed. Run again without --dry-run to anonymise.");
    return;
  }
  if (report.tickets === 0) {
    say("Nothing to anonymise.");
    return;
  }
  const started = Date.now();
  const result = await anonymiseExpired({
    years,
    batchSize: input.batch,
    onBatch: (done) => say(`  … ${done.tickets} of ${report.tickets} tickets anonymised`),
  });
  say(`Anonymised in ${Date.now() - started} ms (${result.batches} batches):`);
  say(`  tickets                      ${result.tickets}  (each with a privacy.anonymised event)`);
  say(`  customers                    ${result.customers}`);
  say(`  messages                     ${result.messages}`);
  say(`  attachments                  ${result.attachments}`);
  say(`  notifications                ${result.notifications}`);
}
