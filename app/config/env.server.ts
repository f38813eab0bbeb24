// Configuration is read and validated once, at start; a bad value stops the desk with a clear message.
import { isIP } from "node:net";
import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.string().url().optional());

/** A whole number in [min, max]; unset or empty → `fallback`. The message names the setting. */
function wholeNumber(min: number, max: number, fallback: number, unit: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const v = raw?.trim() ?? "";
      if (v === "") return fallback;
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
      ctx.addIssue({ code: "custom", message: `must be a whole number of ${unit} from ${min} to ${max} (got "${v}")` });
      return z.NEVER;
    });
}

// Loopback only: a proxy on the same host. Trusting private networks let any neighbour on them
// choose its address (rate limits, audit log) with X-Forwarded-For; name the real proxy instead.
export const DEFAULT_TRUST_PROXY = "loopback";
const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** One entry of a TRUST_PROXY list: a named range, an address, or a subnet (CIDR or netmask). */
function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, mask, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (mask === undefined) return true;
  if (/^\d{1,3}$/.test(mask)) return Number(mask) <= (version === 4 ? 32 : 128);
  return version === 4 && isIP(mask) === 4;
}

/**
 * TRUST_PROXY, which proxies may set X-Forwarded-For/-Proto, in Express's "trust proxy" terms:
 * `false`, `true`, a hop count, or a comma-separated list of addresses, subnets and the names
 * loopback/linklocal/uniquelocal. Unset → loopback only.
 */
const trustProxy = z
  .string()
  .optional()
  .transform((raw, ctx): boolean | number | string => {
    const v = raw?.trim() ?? "";
    if (v === "") return DEFAULT_TRUST_PROXY;
    if (v === "true") return true;
    if (v === "false") return false;
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops <= 100) return hops;
    } else {
      const entries = v.split(",").map((e) => e.trim());
      const wrong = entries.filter((e) => !isProxyAddress(e));
      if (wrong.length === 0) return entries.join(", ");
      ctx.addIssue({
        code: "custom",
        message:
          `"${wrong.join('", "')}" is not an address, a subnet (e.g. 10.0.0.0/8) or loopback/linklocal/uniquelocal; ` +
          `use false, true, a number of proxies (0–100) or a comma-separated list of those`,
      });
      return z.NEVER;
    }
    ctx.addIssue({
      code: "custom",
      message: `use false, true, a number of proxies from 0 to 100, or a comma-separated list of addresses and subnets (got "${v}")`,
    });
    return z.NEVER;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: optionalUrl.optional(),
  DATA_DIR: z.string().default(".data"),
  PUBLIC_URL: optionalUrl.optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  SMTP_URL: optionalUrl.optional(),
  MAIL_FROM: z.string().default("고객만족센터 <desk@localhost>"),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_URL: optionalUrl.optional(),
  /** Shown in shortened SMS ("call us for the full text"), e.g. 1588-0000. */
  DESK_PHONE: z.string().trim().max(30).optional(),
  /** How a customer joins a booked remote support session (a link or a phone instruction), sent with the booking. */
  REMOTE_SUPPORT_JOIN: z.string().trim().min(1).max(500).optional(),
  /**
   * Who is told at once of a visit announced by a customer who needs help (app/visits): an email
   * address (the reception desk's mailbox), or `team:<key>` (that team's active members). Unset: the managers.
   */
  VISIT_RECEPTION: z
    .string()
    .trim()
    .regex(/^(team:[A-Za-z0-9_-]+|[^@\s]+@[^@\s]+\.[^@\s]+)$/, "an email address or team:<key>")
    .optional(),
  /** Delivery retries of a notification (pg-boss retryLimit) and the first delay; backoff doubles it. */
  NOTIFY_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(6),
  NOTIFY_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The inbound listener has no authentication: keep it on loopback, behind the organisation's MTA. */
  INBOUND_SMTP_HOST: z.string().trim().min(1).default("127.0.0.1"),
  /** Largest inbound email accepted, in bytes (default 25 MB); larger ones are refused with 552. */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // json: one JSON line per event (for a log collector); pretty: readable lines for local hacking.
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  TRUST_PROXY: trustProxy,
  /** Requests per API token per minute (then 429). */
  API_RATE_LIMIT_PER_MINUTE: wholeNumber(1, 1_000_000_000, 600, "requests"),
  /** Years after closing before a ticket's personal data is anonymised. */
  RETENTION_YEARS: wholeNumber(1, 100, 5, "years"),
  /** Where the daily backup (ADR 0011) writes its files; unset → no scheduled backups. */
  BACKUP_DIR: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  /** How many scheduled backup files to keep in BACKUP_DIR (the newest; older ones are removed). */
  BACKUP_KEEP: wholeNumber(1, 10_000, 7, "files"),
  /** Connections of this process's database pool. */
  DATABASE_POOL_SIZE: wholeNumber(1, 1000, 10, "connections"),
  /** How old a stored dashboard page may be when served (ADR 0026); 0 computes every view live. */
  DASHBOARD_SNAPSHOT_SECONDS: wholeNumber(0, 3600, 60, "seconds"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= readEnv();
  return cached;
}

/** Parses the configuration afresh (not cached): for settings read at the moment of use, like transports. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/**
 * One setting, validated exactly as at start but read now: for settings read at the moment of
 * use (an operator's new value takes effect without re-reading everything, and tests set them).
 */
export function setting<K extends keyof Env>(name: K, source: Record<string, string | undefined> = process.env): Env[K] {
  const parsed = envSchema.shape[name].safeParse(source[name]);
  if (!parsed.success) throw new Error(`Invalid configuration:\n  ${name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data as Env[K];
}

/** The public base URL used in links sent to customers (tracking links, Twilio webhooks). */
export function publicUrl(): string {
  const e = env();
  return (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}

/**
 * The desk's signing secret (staff sessions, portal and receipt cookies, signed links), read now:
 * the start script provides one for zero-setup runs after the configuration is first read.
 */
export function sessionSecret(): string {
  const secret = setting("SESSION_SECRET");
  if (!secret) throw new Error("SESSION_SECRET is not set (the start script provides one)");
  return secret;
}

/** DATABASE_URL, read now (the start script sets it when it starts the embedded database). */
export function databaseUrl(): string {
  const url = setting("DATABASE_URL");
  if (!url) throw new Error("DATABASE_URL is not set (the start script provides one)");
  return url;
}

/** The desk is reached over https: cookies are Secure and HSTS is sent. */
export function publicUrlIsHttps(): boolean {
  return setting("PUBLIC_URL")?.toLowerCase().startsWith("https://") ?? false;
}
