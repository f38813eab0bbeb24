// Concurrent increments of one database counter, taken together within the process: a counter
// row is locked until each increment commits, so one statement per batch instead of one lock
// wait per caller; each caller still gets the value just after its own increment (ADR 0017).

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
