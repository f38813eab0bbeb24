// Scheduled backups (when BACKUP_DIR is set): one file a day written by the job runtime, the
// newest BACKUP_KEEP kept. What /metrics and the admin page show is read from the files
// themselves — a file under the final name is always a whole backup (createBackup renames it
// into place when done) — so every process answers the same without a table of its own.
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { setting, databaseUrl } from "~/config/env.server";
import { createBackup, type BackupResult } from "./backup.server";

/** desk-backup-20250101T013000Z.gz: sortable by name, from the UTC instant it was taken. */
const NAME = /^desk-backup-(\d{8}T\d{6}Z)\.gz$/;

export function backupFileName(at: Date): string {
  return `desk-backup-${at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "")}.gz`;
}

export type LatestBackup = { file: string; at: Date; bytes: number };

async function backupFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => NAME.test(name)).sort();
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return [];
    throw error;
  }
}

/** The newest whole backup in BACKUP_DIR (null when none, or when backups are not set up). */
export async function latestBackup(dir = setting("BACKUP_DIR")): Promise<LatestBackup | null> {
  if (!dir) return null;
  const names = await backupFiles(dir);
  const newest = names.at(-1);
  if (!newest) return null;
  const file = path.join(dir, newest);
  const info = await stat(file);
  return { file, at: info.mtime, bytes: info.size };
}

export type ScheduledBackupResult = { skipped: true } | (BackupResult & { removed: string[] });

/** One scheduled backup: a new file in BACKUP_DIR, then all but the newest BACKUP_KEEP removed. */
export async function runScheduledBackup(options: { url?: string; now?: Date } = {}): Promise<ScheduledBackupResult> {
  const dir = setting("BACKUP_DIR");
  if (!dir) return { skipped: true };
  const keep = setting("BACKUP_KEEP");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const result = await createBackup(options.url ?? databaseUrl(), path.join(dir, backupFileName(options.now ?? new Date())));
  const names = await backupFiles(dir);
  const removed = names.slice(0, Math.max(0, names.length - keep));
  for (const name of removed) await rm(path.join(dir, name), { force: true });
  return { ...result, removed };
}
