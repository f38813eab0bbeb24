// Concurrent increments of one database counter, taken together within the process.
//
// A counter row (a rate-limit window, the day's reference sequence) is locked by every increment
// until that increment commits, so concurrent increments queue behind each other: at 50
// concurrent API requests the rate-limit row alone cost 2.36 ms of server time per request
// (docs/PERFORMANCE.md, intake). Here, while one increment of a counter is on its way, the callers
// that arrive meanwhile wait for it and then go in one statement that adds all of them. Each caller
// still gets a value of its own — the counter just after its own increment, exactly as if it had
// gone alone — and the row in the database still orders the increments of every process; only the
// number of statements and lock waits drops from one per caller to one per batch (Batcher).

import { Batcher } from "./batcher";

export class CounterBatcher {
  private readonly inFlight = new Map<string, Batcher<void, number>>();

  /**
   * Adds one to `counter` and resolves to its value after this caller's increment.
   * `increment(n)` must add n in one atomic statement and return the value after it. The function
   * of the caller that found the counter idle serves every batch until it is idle again: it may
   * depend on the counter only (and should look its pool up each time, never keep one).
   */
  take(counter: string, increment: (n: number) => Promise<number>): Promise<number> {
    let batcher = this.inFlight.get(counter);
    if (!batcher) {
      batcher = new Batcher<void, number>(
        async (callers) => {
          const last = await increment(callers.length);
          // In arrival order: the first caller gets the lowest of the values this batch added.
          return callers.map((_, i) => last - callers.length + 1 + i);
        },
        () => this.inFlight.delete(counter),
      );
      this.inFlight.set(counter, batcher);
    }
    return batcher.take(undefined);
  }
}
