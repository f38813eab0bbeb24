import { defineConfig } from "@playwright/test";

// End-to-end tests drive Debian's Chromium against a desk started the way a user starts it
// (npm start's entry point) on a fresh embedded database with the demo data. Its mail goes to an
// SMTP sink on SMTP_PORT that the global setup starts (the web server starts first, so the port
// is fixed here); the specs read what customers receive from it (tests/e2e/support/mailbox.ts).
const PORT = Number(process.env.E2E_PORT ?? 3111);
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3125);
// Read by the global setup and inherited by the test workers.
process.env.E2E_SMTP_PORT = String(SMTP_PORT);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  globalSetup: "./tests/e2e/support/global-setup.ts",
  webServer: {
    command: `rm -rf .data/e2e && env -u DATABASE_URL DATA_DIR=.data/e2e PORT=${PORT} SMTP_URL=smtp://127.0.0.1:${SMTP_PORT} NODE_ENV=production npx tsx server/start.ts`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
