// `npm start`: database (embedded when DATABASE_URL is unset) → migrations → demo data on an
// empty database → build if needed → HTTP on PORT with the job workers in the same process.
// `npm run dev` (--dev): the same, with `remix watch` rebuilding on every edit and each request
// served by the newest build (no restart; server/, jobs/ and db/ changes still need one).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { connect, disconnect } from "~/db/connection";
import { env } from "~/config/env.server";
import { seedDemoDataIfEmpty } from "~/demo/seed.server";
import { startJobs } from "~/jobs/runtime";
import { boot, log } from "./boot";
import { reportFatal } from "~/core/logger.server";
import { getLoadContext, securityMiddleware, trustProxySetting } from "./http";
import { requestLog, routeMatcher } from "./request-log";
import { observeRequest } from "~/ops/metrics.server";
import { liveHub } from "~/live/hub.server";

const root = process.cwd();
const buildEntry = path.join(root, "build", "index.js");
const remixCli = path.join(root, "node_modules/@remix-run/dev/dist/cli.js");
const dev = process.argv.includes("--dev");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds when there is no build or a source file is newer than it. */
function buildIfNeeded() {
  const sources = ["app", "db", "emails"].filter((d) => existsSync(d)).map((d) => newestMtime(path.join(root, d)));
  const stale = !existsSync(buildEntry) || Math.max(...sources, statSync("remix.config.js").mtimeMs) > statSync(buildEntry).mtimeMs;
  if (!stale) return;
  log("Building the app (remix build)…");
  const result = spawnSync(process.execPath, [remixCli, "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("remix build failed");
}

/** `remix watch` (classic compiler) in a child process; resolves once the first build is written. */
async function startRemixWatch(): Promise<ChildProcess> {
  log("Development: remix watch rebuilds on every change; reload the page to see it");
  const before = existsSync(buildEntry) ? statSync(buildEntry).mtimeMs : 0;
  const child = spawn(process.execPath, [remixCli, "watch"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "development" } });
  child.on("exit", (code) => {
    if (code !== 0 && code !== null) log(`remix watch exited (${code})`);
  });
  while (!existsSync(buildEntry) || statSync(buildEntry).mtimeMs === before) {
    if (child.exitCode !== null) throw new Error("remix watch failed");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return child;
}

async function main() {
  const config = env();
  const booted = await boot({ ownSignals: true });
  connect(booted.databaseUrl);
  await seedDemoDataIfEmpty({ mode: config.SEED_DEMO, log });
  const watcher = dev ? await startRemixWatch() : null;
  if (!dev) buildIfNeeded();
  let build = (await import(pathToFileURL(buildEntry).href)) as ServerBuild;
  let builtAt = statSync(buildEntry).mtimeMs;
  /** In development, the newest build (re-imported under a new URL when `remix watch` wrote one). */
  const currentBuild = async (): Promise<ServerBuild> => {
    const mtime = statSync(buildEntry).mtimeMs;
    if (mtime !== builtAt) {
      builtAt = mtime;
      build = (await import(`${pathToFileURL(buildEntry).href}?t=${mtime}`)) as ServerBuild;
      log("Serving the new build");
    }
    return build;
  };

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxySetting());
  app.use(requestLog(routeMatcher(build.routes), ({ routeId, status, durationMs }) => observeRequest(routeId, status, durationMs)));
  app.use(securityMiddleware);
  app.use("/build", express.static("public/build", dev ? {} : { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", dev ? {} : { maxAge: "1h" }));
  if (dev) {
    app.all("*", (req, res, next) =>
      currentBuild().then((latest) => createRequestHandler({ build: latest, mode: "development", getLoadContext })(req, res, next), next),
    );
  } else {
    app.all("*", createRequestHandler({ build, mode: "production", getLoadContext }));
  }

  const jobs = config.WORKERS > 0 ? await startJobs({ log, maskStored: true }) : null;
  if (!jobs) log("WORKERS=0: this process serves HTTP only; run `npm run worker` for the timer jobs.");

  // Inbound email (behind the organisation's MTA; see server/inbound-smtp.ts), only when configured.
  const inbound =
    config.INBOUND_SMTP_PORT === undefined
      ? null
      : await (
          await import("./inbound-smtp")
        ).startInboundSmtp({
          port: config.INBOUND_SMTP_PORT,
          host: config.INBOUND_SMTP_HOST,
          maxBytes: config.INBOUND_MAX_BYTES,
          log,
        });

  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    log(`The desk is ready on http://localhost:${port}`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping HTTP, workers and the database…`);
    // Open event streams would keep the server from closing: end them (and their viewer rows) first.
    await liveHub().closeAll();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    await closed;
    clearTimeout(force);
    watcher?.kill("SIGTERM");
    await inbound?.stop();
    await jobs?.stop();
    await disconnect();
    await booted.stopDatabase();
    log("Stopped cleanly.");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  reportFatal(error);
  process.exit(1);
});
