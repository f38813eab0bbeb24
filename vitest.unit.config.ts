// `npm run test:unit`: the quick inner loop — the pure tests under tests/unit, no database
// (no global setup). `npm test` runs everything (vitest.config.ts, then Playwright).
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

export default mergeConfig(
  { ...base, test: { ...base.test, include: [], globalSetup: [] } },
  defineConfig({
    test: {
      include: ["tests/unit/**/*.test.ts"],
      // Starts the desk in child processes to see it refuse bad settings: not quick.
      exclude: ["tests/unit/env.test.ts"],
      pool: "threads",
    },
  }),
);
