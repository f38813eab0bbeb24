import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema.ts and committed as SQL; the desk applies them
// at start (db/migrate.ts). Hand-written SQL (triggers, partial indexes) goes in custom
// migrations made with `npx drizzle-kit generate --custom`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/desk" },
});
