// Each test file gets its own database, cloned from the migrated template: files never see
// each other's rows and can run in parallel against one server.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { connect, disconnect } from "../../db/connection";
import { withDatabase } from "./database-url";
export { withDatabase };

/** Creates a fresh database for this test file and points DATABASE_URL at it. */
export function useTestDatabase(): { url: () => string } {
  let url = "";
  let name = "";
  beforeAll(async () => {
    const adminUrl = inject("adminUrl");
    const template = inject("templateDb");
    name = `desk_t_${process.ppid}_${randomBytes(5).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database "${name}" template "${template}"`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    url = withDatabase(adminUrl, name);
    process.env.DATABASE_URL = url;
    process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";
    connect(url);
  });
  afterAll(async () => {
    await disconnect();
    const admin = postgres(inject("adminUrl"), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
  return { url: () => url };
}
