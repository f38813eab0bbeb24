import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/reliability/**/*.test.ts"],
    // The PostgreSQL-restart test fails today on a postgres.js 3.4.9 pool bug (uncaught
    // "reading 'write'" after a restart; porsager/postgres#1154/#1208): it runs on its own with
    // `npm run test:db-restart` until the pool is rebuilt after connection loss (issue 7).
    exclude: process.env.RUN_DB_RESTART ? [] : ["tests/reliability/db-restart.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
