// `npm run desk -- <command> [--flag value …]`: administration from the shell. Uses the same
// database as the desk: DATABASE_URL, or the embedded one under DATA_DIR (reused when the desk
// is running, started for the duration of the command when it is not).
import { parseArgs } from "node:util";
import { z } from "zod";
import { STAFF_ROLES, TOKEN_ROLES } from "~/db/schema";
import { connect, disconnect } from "~/db/connection";
import { isDatabaseEmpty, seedDemoData } from "~/demo/seed.server";
import { boot } from "./boot";
import { databaseUrl } from "~/config/env.server";

type Command = {
  summary: string;
  options: Record<string, { type: "string" | "boolean" }>;
  /** Names of the positional arguments the command takes (all required), e.g. ["FILE"]. */
  positionals?: string[];
  run: (values: Record<string, unknown>, positionals: string[]) => Promise<void>;
};

const say = (line: string) => process.stdout.write(`${line}\n`);

const commands: Record<string, Command> = {
  "token:create": {
    summary:
      "--name NAME --role agent|lead|manager|admin|metrics [--staff EMAIL]  prints a new API token (last line); metrics: reads /metrics only",
    options: { name: { type: "string" }, role: { type: "string" }, staff: { type: "string" } },
    run: async (values) => {
      const input = z
        .object({ name: z.string().trim().min(1).max(100), role: z.enum(TOKEN_ROLES), staff: z.string().optional() })
        .parse(values);
      const { createApiToken } = await import("~/auth/tokens.server");
      const { staffByEmail } = await import("~/auth/session.server");
      const person = input.staff ? await staffByEmail(input.staff) : null;
      if (input.staff && !person) throw new Error(`No staff member with email ${input.staff}`);
      const { id, token } = await createApiToken({ name: input.name, role: input.role, staffId: person?.id ?? null });
      say(`Created token ${id} "${input.name}" with role ${input.role}. Only its hash is stored: keep it now.`);
      say(token);
    },
  },
  "user:create": {
    summary: "--email EMAIL --name NAME --role ROLE [--team KEY] [--password PW]",
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      team: { type: "string" },
      password: { type: "string" },
    },
    run: async (values) => {
      const input = z
        .object({
          email: z.string().trim().email(),
          name: z.string().trim().min(1).max(100),
          role: z.enum(STAFF_ROLES),
          team: z
            .string()
            .trim()
            .regex(/^[a-z0-9][a-z0-9_-]*$/, "team key: lowercase letters, digits, - and _")
            .optional(),
          password: z.string().min(8, "password: at least 8 characters").optional(),
        })
        .parse(values);
      const { createStaffMember } = await import("~/staff/staff.server");
      const { staffByEmail } = await import("~/auth/session.server");
      if (await staffByEmail(input.email)) throw new Error(`A staff member with email ${input.email} already exists`);
      const person = await createStaffMember(input);
      say(
        `Created ${person.role} ${person.email} (${person.name})${input.team ? ` in team ${input.team}` : ""}${input.password ? "" : " without a password (cannot log in yet)"}`,
      );
      say(person.id);
    },
  },
  "sla:sweep": {
    summary: "run one enforcement pass now (breaches, guarantee cases, warnings, escalations) and print it",
    options: {},
    run: async () => {
      const { sweepOnce } = await import("~/sla/sweep.server");
      const { resumeRecomputations } = await import("~/jobs/sla-queues");
      const started = Date.now();
      const result = await sweepOnce();
      const resumed = await resumeRecomputations();
      say(`Sweep finished in ${Date.now() - started} ms:`);
      say(`  timers breached            ${result.breached}`);
      say(`  guarantee cases opened     ${result.guaranteeCasesOpened}`);
      say(`  triggers added to cases    ${result.guaranteeTriggersAdded}`);
      say(`  warnings sent              ${result.warned}`);
      say(`  escalated to managers      ${result.escalated}`);
      say(`  notifications queued       ${result.notificationsQueued}`);
      say(`  calendar recomputations    ${resumed} resumed`);
    },
  },
  "privacy:retention": {
    summary: "[--dry-run] [--years N] [--batch N]  anonymise tickets closed > RETENTION_YEARS (default 5) ago; --dry-run only counts",
    options: { "dry-run": { type: "boolean" }, years: { type: "string" }, batch: { type: "string" } },
    run: async (values) => (await import("~/privacy/retention-cli")).runRetentionCommand(values, say),
  },
  "privacy:mask-stored": {
    summary: "[--batch N] [--restart]  mask personal numbers already stored in every free-text column (resumable; ADR 0013)",
    options: { batch: { type: "string" }, restart: { type: "boolean" } },
    run: async (values) => (await import("~/privacy/mask-stored-cli")).runMaskStoredCommand(values, say),
  },
  "db:migrate": {
    summary: "apply the SQL migrations (the desk also does this at start)",
    options: {},
    run: async () => {
      say("Migrations are applied.");
    },
  },
  "db:backup": {
    summary: "FILE  write a backup of the whole desk (all tables, attachments, schema version) to FILE; the desk may keep running",
    options: {},
    positionals: ["FILE"],
    run: async (_values, [file]) => {
      const { createBackup } = await import("~/ops/backup.server");
      const result = await createBackup(databaseUrl(), file);
      const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
      say(`Backup written: ${result.file} (${result.bytes} bytes, ${result.tables} tables, ${total} rows)`);
      for (const [table, rows] of Object.entries(result.rows)) if (rows > 0) say(`  ${table.padEnd(32)} ${rows}`);
    },
  },
  "db:restore": {
    summary: "FILE  load a backup into an EMPTY database (migrated first); refuses a database that holds rows",
    options: {},
    positionals: ["FILE"],
    run: async (_values, [file]) => {
      const { restoreBackup } = await import("~/ops/backup.server");
      const result = await restoreBackup(databaseUrl(), file);
      const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
      say(`Restored ${file}: ${result.tables} tables, ${total} rows.`);
    },
  },
  "db:seed": {
    summary: "[--force]  load the demo data (only into an empty database unless --force)",
    options: { force: { type: "boolean" } },
    run: async (values) => {
      if (!values.force && !(await isDatabaseEmpty())) {
        say("The database already has staff; demo data not loaded (use --force to add it anyway).");
        return;
      }
      await seedDemoData(say);
    },
  },
};

function usage(): string {
  return [
    "Usage: npm run desk -- <command> [options]",
    "",
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(14)} ${c.summary}`),
  ].join("\n");
}

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    say(usage());
    process.exit(name && name !== "help" && name !== "--help" ? 2 : 0);
  }
  const wanted = command.positionals ?? [];
  const { values, positionals } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: wanted.length > 0 });
  if (positionals.length !== wanted.length) {
    console.error(`${name} takes ${wanted.join(" ") || "no arguments"}\n\n${usage()}`);
    process.exit(2);
  }
  const booted = await boot({ quietDatabase: true });
  connect(booted.databaseUrl, { max: 4 });
  try {
    await command.run(values, positionals);
  } finally {
    await disconnect();
    await booted.stopDatabase();
  }
}

main().catch((error) => {
  if (error instanceof z.ZodError) {
    console.error(`Invalid options:\n${error.issues.map((i) => `  --${i.path.join(".")}: ${i.message}`).join("\n")}\n\n${usage()}`);
  } else console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
