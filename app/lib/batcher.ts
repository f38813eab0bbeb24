// Concurrent calls of one kind of write, taken together within the process.
//
// While one write is on its way to the database, the callers that arrive meanwhile wait for it
// and then go together in one write; each caller gets its own answer. A caller that finds nothing
// in flight is sent at once, so a quiet writer adds no wait — only the number of statements (and
// commits) drops from one per caller to one per batch when callers come together.

type Waiter<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

export class Batcher<I, O> {
  /** Callers waiting for the next write; null when no write is in flight. */
  private waiting: Waiter<I, O>[] | null = null;

  /**
   * `write(items)` must answer one value per item, in the items' order; it must look its pool up
   * each time (never keep one). `onIdle` runs when the last batch is done and none waits.
   */
  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly onIdle?: () => void,
  ) {}

  take(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.waiting) {
        this.waiting.push({ item, resolve, reject });
        return;
      }
      this.waiting = [{ item, resolve, reject }];
      void this.drain(this.waiting);
    });
  }

  private async drain(waiting: Waiter<I, O>[]): Promise<void> {
    try {
      while (waiting.length > 0) {
        const taking = waiting.splice(0);
        try {
          const answers = await this.write(taking.map((w) => w.item));
          taking.forEach((w, i) => w.resolve(answers[i]!));
        } catch (error) {
          for (const w of taking) w.reject(error);
        }
      }
    } finally {
      this.waiting = null;
      this.onIdle?.();
    }
  }
}
