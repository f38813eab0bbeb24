// The desk's one logger (pino): a JSON line per event on stdout, for whatever collects the
// process output; LOG_FORMAT=pretty prints readable lines for local hacking (pino-pretty, a
// development dependency). Callers log ids, routes, counts and durations — never what a customer
// or staff member typed; error texts pass through the masking of app/security/log.server.ts.
import pino, { type Logger } from "pino";
import { setting } from "~/config/env.server";
import { singleton } from "~/lib/process-global";

// A bad LOG_LEVEL/LOG_FORMAT must not stop the logger that reports the configuration error.
function orDefault<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function build(): Logger {
  const level = orDefault(() => setting("LOG_LEVEL"), "info");
  const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (orDefault(() => setting("LOG_FORMAT"), "json") === "pretty") {
    return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid" } } });
  }
  // Through process.stdout (not fd 1 directly), so the process-wide masking sees every line.
  return pino(options, process.stdout);
}

/** The process's logger (one per process, shared by server/ and the Remix build). */
export function logger(): Logger {
  return singleton("logger", build);
}

/** A process that cannot start: a JSON line for the log collector and the plain reason on stderr
 * for the operator at the terminal (a configuration mistake reads better unescaped). */
export function reportFatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger().fatal(message);
  process.stderr.write(`${message}\n`);
}
