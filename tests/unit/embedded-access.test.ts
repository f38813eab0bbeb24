// Started as root, the embedded PostgreSQL runs as the `postgres` user, which must be able to
// enter every folder above its data and its programs. A folder it cannot enter is named in one
// line before anything starts (it used to die with an unhandled `spawn … EACCES` stack).
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { unreachableFolder, unreachableMessage } from "../../db/embedded-access";

const base = mkdtempSync(path.join(os.tmpdir(), "desk-access-"));
chmodSync(base, 0o755);
afterAll(() => rmSync(base, { recursive: true, force: true }));

// Someone who is neither the owner of the folders (root here) nor in their group.
const stranger = { uid: 4_000_001, gids: [4_000_001] };

describe("can the database's user reach a folder", () => {
  it("finds the first folder on the way that it cannot enter", () => {
    const closed = path.join(base, "closed");
    const data = path.join(closed, "project", ".data");
    mkdirSync(data, { recursive: true });
    chmodSync(closed, 0o700);
    expect(unreachableFolder(data, stranger)).toBe(closed);
    chmodSync(closed, 0o711);
    expect(unreachableFolder(data, stranger)).toBeNull();
  });

  it("lets the owner and the group through by their own bits", () => {
    const own = path.join(base, "own");
    mkdirSync(own);
    chmodSync(own, 0o700);
    expect(unreachableFolder(own, { uid: process.getuid!(), gids: [] })).toBeNull();
    chmodSync(own, 0o710);
    expect(unreachableFolder(own, { uid: 4_000_002, gids: [process.getgid!()] })).toBeNull();
    expect(unreachableFolder(own, stranger)).toBe(own);
  });

  it("says what is wrong and what to do, in one line", () => {
    const line = unreachableMessage("/root/desk", "/root/desk/.data/pg");
    expect(line).not.toContain("\n");
    expect(line).toContain("/root/desk");
    expect(line).toContain("DATA_DIR");
    expect(line).toContain("DATABASE_URL");
  });
});
