/** Concurrency helpers for the copy engine: a counting semaphore and fail-fast settling. */

export class Semaphore {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`concurrency must be a positive integer, got ${size}`);
    this.free = size;
  }

  /** Runs `fn` when a slot is free; a signal that fires while waiting rejects without running it. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.free > 0) {
      this.free--;
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
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
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
