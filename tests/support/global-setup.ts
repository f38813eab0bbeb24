// Vitest global setup: one PostgreSQL server for the run (DATABASE_URL's, else an embedded
// one under .data/test), and a migrated template database that each test file clones.
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedDatabase } from "../../db/embedded";
import { runMigrations } from "../../db/migrate";
import { withDatabase } from "./database-url";

export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    // A server of this run's own: parallel runs (and a running desk) never share one.
    const dir = path.resolve(".data/test", String(process.pid));
    // ownExit: the library's exit hooks would otherwise make a failed run exit 0.
    const embedded = await startEmbeddedDatabase({ dir, ownSignals: true, ownExit: true });
    adminUrl = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const template = `desk_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  const templateUrl = withDatabase(adminUrl, template);
  await runMigrations(templateUrl);
  provide("adminUrl", adminUrl);
  provide("templateDb", template);

  return async () => {
    // Drop the template and any per-file databases this run left behind.
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname = ${template} or datname like ${`desk_t_${process.pid}_%`}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.end({ timeout: 5 });
    await stopEmbedded?.();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}
