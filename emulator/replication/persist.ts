/**
 * Makes the executor's changes to the CR state visible and durable the way API calls do (bump
 * `runtime.revision`, save through `runtime.store`), with progress saves throttled: the state in
 * memory is always current for GetRepoSyncTask, the file catches up at most every `intervalMs`.
 * A failed save never reaches the copy (the next save writes everything again).
 */

import type { EmulatorRuntime } from "../core/runtime";

export class StatePersister {
  private timer: NodeJS.Timeout | undefined;
  private warned = false;

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly intervalMs = 250,
  ) {}

  /** A status change: saved now. */
  async commit(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.runtime.revision++;
    try {
      await this.runtime.store.save(this.runtime.state);
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        process.stderr.write(`[emulator sync] could not save the state: ${(error as Error)?.message ?? String(error)}\n`);
      }
    }
  }

  /** A progress change: saved soon, together with any others meanwhile. */
  touch(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.commit();
    }, this.intervalMs);
    this.timer.unref();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
