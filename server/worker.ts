// `npm run worker`: a process that only runs the job workers (timers, deliveries). Start as
// many as you like, on any machine that reaches the database; pg-boss coordinates them.
import { reportFatal } from "~/core/logger.server";
import { connect, disconnect } from "~/db/connection";
import { startJobs } from "~/jobs/runtime";
import { boot, log } from "./boot";

async function main() {
  const booted = await boot({ ownSignals: true });
  connect(booted.databaseUrl);
  const jobs = await startJobs({ log, maskStored: true });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping workers…`);
    await jobs.stop();
    await disconnect();
    await booted.stopDatabase();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  reportFatal(error);
  process.exit(1);
});
