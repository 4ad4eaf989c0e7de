/**
 * Runs at most `limit` sync tasks at once, first come first served. Queued tasks stay PENDING in the
 * CR state until a slot frees; a cancelled queued task simply never starts.
 */

export type TaskRunner = (taskId: string) => Promise<void>;

export class TaskQueue {
  private readonly waiting: string[] = [];
  private readonly running = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly runner: TaskRunner,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  /** Queues a task once; a task already queued or running is left alone. */
  add(taskId: string): void {
    if (this.running.has(taskId) || this.waiting.includes(taskId)) return;
    this.waiting.push(taskId);
    this.pump();
  }

  /** Drops a task that has not started; true when it was waiting. */
  drop(taskId: string): boolean {
    const at = this.waiting.indexOf(taskId);
    if (at < 0) return false;
    this.waiting.splice(at, 1);
    return true;
  }

  get active(): number {
    return this.running.size;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private pump(): void {
    while (this.running.size < this.limit && this.waiting.length > 0) {
      const taskId = this.waiting.shift()!;
      this.running.add(taskId);
      // The runner reports its own failures into the task; these catches only keep the queue alive.
      let run: Promise<void>;
      try {
        run = this.runner(taskId);
      } catch (error) {
        run = Promise.reject(error);
      }
      void run
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(taskId);
          this.pump();
        });
    }
  }
}
