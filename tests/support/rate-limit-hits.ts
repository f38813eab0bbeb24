// A process of its own for security-rate-limit.test.ts: connects, says "ready", waits for a line
// on stdin, then makes N concurrent hits on one rule and subject and prints their results as JSON.
//   node --import tsx tests/support/rate-limit-hits.ts <rule name> <limit> <subject> <hits> <now ms>
import { once } from "node:events";
import { sql } from "drizzle-orm";
import { db, disconnect } from "../../db/connection";
import { hit } from "~/security/rate-limit.server";

const [name, limit, subject, hits, nowMs] = process.argv.slice(2);
const rule = { name, limit: Number(limit), windowSeconds: 3600 };
await db().execute(sql`select 1`);
process.stdout.write("ready\n");
await once(process.stdin, "data");
const results = await Promise.all(Array.from({ length: Number(hits) }, () => hit(rule, subject, new Date(Number(nowMs)))));
process.stdout.write(JSON.stringify(results.map((r) => ({ count: r.count, allowed: r.allowed }))) + "\n");
await disconnect();
