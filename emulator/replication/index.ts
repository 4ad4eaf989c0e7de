/**
 * The emulator's sync executor: the data-plane half of replication. The CR control plane records
 * sync tasks (emulator/cr/sync-task-store.ts) and hands each one here; this copies the image from
 * the source instance's registry to the target's with the sdk copy engine, at most `concurrency`
 * tasks at a time (the rest wait PENDING), and reports status, progress, SyncedSize and LayerTasks
 * back into the CR state as it goes. No failure of a copy can escape into the emulator: it ends its
 * own task in ERROR.
 */

import type { EmulatorRuntime } from "../core/runtime";
import type { CrState } from "../cr/state";
import { isTerminal, type SyncExecutor } from "../cr/sync-task-store";
import { StatePersister } from "./persist";
import { TaskQueue } from "./queue";
import { ExecutorStopped, runSyncTask, type DataPlaneAccess } from "./run-task";

export interface SyncExecutorOptions {
  /** Tasks copying at once per emulator. @default 2 */
  concurrency?: number;
  /** Blob transfers at once within one task. @default 4 */
  blobConcurrency?: number;
}

export interface ReplicationExecutor extends SyncExecutor {
  /** Aborts running copies without failing their tasks (they run again on the next start). */
  stop(): void;
  /** Tasks copying now and waiting, for tests and diagnostics. */
  readonly load: { active: number; queued: number };
}

export function createSyncExecutor(runtime: EmulatorRuntime, dataPlane: DataPlaneAccess, options: SyncExecutorOptions = {}): ReplicationExecutor {
  const persister = new StatePersister(runtime);
  const running = new Map<string, AbortController>();
  let stopped = false;
  const deps = { runtime, dataPlane, persister, blobConcurrency: options.blobConcurrency ?? 4 };

  const queue = new TaskQueue(options.concurrency ?? 2, async (taskId) => {
    if (stopped) return;
    const controller = new AbortController();
    running.set(taskId, controller);
    try {
      await runSyncTask(deps, taskId, controller.signal);
    } catch (error) {
      // runSyncTask settles its task itself; reaching here is a bug, reported but never fatal.
      process.stderr.write(`[emulator sync] task ${taskId} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}\n`);
    } finally {
      running.delete(taskId);
    }
  });

  const executor: ReplicationExecutor = {
    start(taskId) {
      if (!stopped) queue.add(taskId);
    },
    cancel(taskId) {
      // The control plane has marked the task CANCELED; stop its copy, or keep it from starting.
      if (queue.drop(taskId)) return;
      running.get(taskId)?.abort(new Error(`sync task ${taskId} was cancelled`));
    },
    stop() {
      stopped = true;
      for (const controller of running.values()) controller.abort(new ExecutorStopped());
      persister.dispose();
    },
    get load() {
      return { active: queue.active, queued: queue.queued };
    },
  };

  // Tasks a previous run of a persistent emulator left unfinished pick up where they stopped (the
  // copy engine moves only what the target is still missing).
  const unfinished = Object.values((runtime.state.cr as CrState).syncTasks)
    .filter((task) => !isTerminal(task.status))
    .sort((a, b) => a.createTime - b.createTime);
  for (const task of unfinished) executor.start(task.syncTaskId);
  return executor;
}

export { ExecutorStopped, type DataPlaneAccess } from "./run-task";
export { SyncFailure, issueOf } from "./failure";
