// The shape of a queue definition (kept apart from the registry so queue modules can import it).
import type { z } from "zod";

export type QueueDefinition<P extends z.ZodType = z.ZodType> = {
  name: string;
  payload: P;
  /** pg-boss queue options: retries with exponential backoff, expiry, dead letter. */
  options: {
    retryLimit: number;
    retryDelay: number;
    retryBackoff: boolean;
    expireInSeconds: number;
    policy?: "standard" | "short" | "singleton" | "stately";
  };
  schedule?: { cron: string; tz?: string };
  batchSize?: number;
  handle: (payload: z.output<P>) => Promise<unknown>;
};

/** Keeps a definition's handler typed by its own payload schema. */
export function defineQueue<P extends z.ZodType>(definition: QueueDefinition<P>): QueueDefinition {
  return definition as unknown as QueueDefinition;
}
