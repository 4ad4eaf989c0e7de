/** Concurrency helpers for the copy engine: an adaptive counting semaphore and fail-fast settling. */

/**
 * At most `limit` tasks at once. A registry that answers 429 calls `slowDown`: the limit halves
 * (once per pause, however many requests the same burst refused, never below 1) and no task starts
 * or resumes until its Retry-After has passed. A task waiting to retry gives its slot back
 * (`yieldFor`), so retries queue behind the lower limit instead of all returning at once. Every
 * 4 × size successes in a row give one slot back, up to the size asked for, so a brief throttle
 * does not cost a long migration its parallelism, and the limit does not saw back into the 429.
 */
export class Semaphore {
  private limit: number;
  private active = 0;
  private successes = 0;
  private pausedUntil = 0;
  private wake?: NodeJS.Timeout;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly size: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`concurrency must be a positive integer, got ${size}`);
    this.limit = size;
  }

  /** Slots usable right now (lower than `size` after a 429, until successes restore it). */
  get currentLimit(): number {
    return this.limit;
  }

  /** Runs `fn` when a slot is free; a signal that fires while waiting rejects without running it. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      const result = await fn();
      this.succeeded();
      return result;
    } finally {
      this.active--;
      this.pump();
    }
  }

  /** The registry pushed back: fewer slots, and nothing new starts for `pauseMs`. */
  slowDown(pauseMs: number): void {
    const now = this.now();
    // Refusals of one burst arrive together: that is one signal, not one per request.
    if (now >= this.pausedUntil) this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.successes = 0;
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, pauseMs));
  }

  /**
   * For a task that holds a slot and must wait `ms` before retrying: frees the slot meanwhile and
   * takes one again (behind the queue and any pause) before returning. The slot is held again even
   * when the signal fires, so the caller's `run` releases exactly one.
   */
  async yieldFor(ms: number, sleep: (ms: number, signal?: AbortSignal) => Promise<void>, signal?: AbortSignal): Promise<void> {
    this.active--;
    this.pump();
    try {
      await sleep(ms, signal);
      await this.acquire(signal);
    } catch (err) {
      this.active++;
      throw err;
    }
  }

  private succeeded(): void {
    if (this.limit >= this.size) return;
    if (++this.successes >= 4 * this.size) {
      this.successes = 0;
      this.limit++;
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.waiting.length === 0 && this.active < this.limit && this.now() >= this.pausedUntil) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      this.waiting.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pump();
    });
  }

  /** Starts waiting tasks while slots are free and no pause holds; wakes itself when a pause ends. */
  private pump(): void {
    const wait = this.pausedUntil - this.now();
    if (wait > 0) {
      if (this.waiting.length > 0 && !this.wake) {
        this.wake = setTimeout(() => {
          this.wake = undefined;
          this.pump();
        }, wait);
      }
      return;
    }
    while (this.waiting.length > 0 && this.active < this.limit) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}

/**
 * Awaits every task; on the first failure calls `abort` (which should stop the siblings early)
 * and, once all have settled, throws that first failure. Nothing keeps running after this returns.
 */
export async function settleAll<T>(tasks: readonly Promise<T>[], abort: (reason: unknown) => void): Promise<T[]> {
  let failed = false;
  let first: unknown;
  const results = await Promise.allSettled(
    tasks.map((task) =>
      task.catch((err: unknown) => {
        if (!failed) {
          failed = true;
          first = err;
          abort(err);
        }
        throw err;
      }),
    ),
  );
  if (failed) throw first;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
