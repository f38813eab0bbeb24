// The configuration schema (app/config/env.server.ts): the settings read at the moment of use
// (TRUST_PROXY, API_RATE_LIMIT_PER_MINUTE, RETENTION_YEARS, DASHBOARD_SNAPSHOT_SECONDS) are validated like the rest, and a
// bad value stops the desk at start with a message that names the setting.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_TRUST_PROXY, readEnv, setting } from "~/config/env.server";

describe("configuration", () => {
  it("defaults when unset or empty", () => {
    const config = readEnv({});
    expect(config.TRUST_PROXY).toBe(DEFAULT_TRUST_PROXY);
    expect(config.API_RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(config.RETENTION_YEARS).toBe(5);
    expect(config.DASHBOARD_SNAPSHOT_SECONDS).toBe(60);
    expect(readEnv({ TRUST_PROXY: " ", API_RATE_LIMIT_PER_MINUTE: "", RETENTION_YEARS: "" })).toMatchObject({
      TRUST_PROXY: DEFAULT_TRUST_PROXY,
      API_RATE_LIMIT_PER_MINUTE: 600,
      RETENTION_YEARS: 5,
    });
  });

  it("reads what an operator may write", () => {
    expect(setting("TRUST_PROXY", { TRUST_PROXY: "false" })).toBe(false);
    expect(setting("TRUST_PROXY", { TRUST_PROXY: "true" })).toBe(true);
    expect(setting("TRUST_PROXY", { TRUST_PROXY: "2" })).toBe(2);
    expect(setting("TRUST_PROXY", { TRUST_PROXY: "10.0.0.1, 192.168.0.0/16,loopback, fd00::/8" })).toBe(
      "10.0.0.1, 192.168.0.0/16, loopback, fd00::/8",
    );
    expect(setting("TRUST_PROXY", { TRUST_PROXY: "10.0.0.0/255.0.0.0" })).toBe("10.0.0.0/255.0.0.0");
    expect(setting("API_RATE_LIMIT_PER_MINUTE", { API_RATE_LIMIT_PER_MINUTE: "10000000" })).toBe(10_000_000);
    expect(setting("RETENTION_YEARS", { RETENTION_YEARS: " 7 " })).toBe(7);
    expect(setting("DASHBOARD_SNAPSHOT_SECONDS", { DASHBOARD_SNAPSHOT_SECONDS: "0" })).toBe(0);
  });

  it.each([
    ["TRUST_PROXY", "proxy.example", /TRUST_PROXY: "proxy\.example" is not an address/],
    ["TRUST_PROXY", "10.0.0.0/33", /TRUST_PROXY: "10\.0\.0\.0\/33" is not an address/],
    ["TRUST_PROXY", "10.0.0.1, nonsense", /TRUST_PROXY: "nonsense" is not an address/],
    ["TRUST_PROXY", "500", /TRUST_PROXY: use false, true, a number of proxies from 0 to 100/],
    ["API_RATE_LIMIT_PER_MINUTE", "0", /API_RATE_LIMIT_PER_MINUTE: must be a whole number of requests from 1 to/],
    ["API_RATE_LIMIT_PER_MINUTE", "600/min", /API_RATE_LIMIT_PER_MINUTE: must be a whole number/],
    ["RETENTION_YEARS", "five", /RETENTION_YEARS: must be a whole number of years from 1 to 100 \(got "five"\)/],
    ["RETENTION_YEARS", "2.5", /RETENTION_YEARS: must be a whole number of years/],
    ["RETENTION_YEARS", "101", /RETENTION_YEARS: must be a whole number of years/],
    ["DASHBOARD_SNAPSHOT_SECONDS", "1m", /DASHBOARD_SNAPSHOT_SECONDS: must be a whole number of seconds from 0 to 3600/],
    ["DASHBOARD_SNAPSHOT_SECONDS", "3601", /DASHBOARD_SNAPSHOT_SECONDS: must be a whole number of seconds/],
  ] as const)("refuses %s=%s with a message naming it", (name, value, message) => {
    expect(() => readEnv({ [name]: value })).toThrow(message);
    expect(() => setting(name, { [name]: value })).toThrow(message);
  });

  it("the desk refuses to start with a bad value, saying which", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "server/start.ts"], {
      // Never reached: the configuration is read before the database.
      env: { ...process.env, RETENTION_YEARS: "five", DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Invalid configuration:\n  RETENTION_YEARS: must be a whole number of years from 1 to 100 (got "five")');
  }, 90_000);
});
