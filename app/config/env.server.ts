// Configuration is read and validated once, at start; a bad value stops the desk with a clear message.
import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.string().url().optional());

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
  /** Delivery retries of a notification (pg-boss retryLimit) and the first delay; backoff doubles it. */
  NOTIFY_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(6),
  NOTIFY_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The inbound listener has no authentication: keep it on loopback, behind the organisation's MTA. */
  INBOUND_SMTP_HOST: z.string().trim().min(1).default("127.0.0.1"),
  /** Largest inbound email accepted, in bytes (default 25 MB); larger ones are refused with 552. */
  INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(25 * 1024 * 1024),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= readEnv();
  return cached;
}

/** Parses the configuration afresh (not cached): for settings read at the moment of use, like transports. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** The public base URL used in links sent to customers (tracking links, Twilio webhooks). */
export function publicUrl(): string {
  const e = env();
  return (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
