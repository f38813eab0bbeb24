// What every process of the desk (web, worker, CLI) does first: configuration, database, migrations.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, startEmbeddedDatabase } from "~/db/embedded";
import { runMigrations } from "~/db/migrate";
import { env, databaseUrl as databaseUrlSetting, setting } from "~/config/env.server";
import { logger } from "~/core/logger.server";
import { installMaskedOutput } from "~/privacy/masked-output.server";

// Before anything can print: every line of this process (web, worker, CLI) is masked.
installMaskedOutput();

export type Booted = { databaseUrl: string; embedded: boolean; stopDatabase: () => Promise<void> };

/** A line of the start log (the desk's logger: JSON, or readable with LOG_FORMAT=pretty). */
export function log(line: string) {
  logger().info(line);
}

/** A stable session secret for zero-setup runs, kept beside the embedded database. */
function ensureSessionSecret() {
  if (setting("SESSION_SECRET")) return;
  const dir = dataDir();
  const file = path.join(dir, "session-secret");
  mkdirSync(dir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.SESSION_SECRET = readFileSync(file, "utf8").trim();
}

export async function boot(options: { quietDatabase?: boolean; ownSignals?: boolean } = {}): Promise<Booted> {
  // Configuration first: a bad value stops the worker and the CLI too, with its message.
  env();
  ensureSessionSecret();
  let stopDatabase = async () => {};
  let embedded = false;
  if (!setting("DATABASE_URL")) {
    const db = await startEmbeddedDatabase({
      ownSignals: options.ownSignals,
      log: (line) => {
        if (!options.quietDatabase && /listening|Initialising|Reusing|FATAL|ERROR|PANIC/.test(line)) log(line);
      },
    });
    process.env.DATABASE_URL = db.url;
    stopDatabase = db.stop;
    embedded = true;
  }
  const databaseUrl = databaseUrlSetting();
  await runMigrations(databaseUrl);
  return { databaseUrl, embedded, stopDatabase };
}
