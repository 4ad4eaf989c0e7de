/**
 * Sync task records and their status machine (acr-api.md §3.6, §6):
 *   PENDING → SYNCHRONIZING → SUCCESS | ERROR, and CANCELED from PENDING or SYNCHRONIZING.
 * The emulator's control plane only records tasks. Copying is the data plane's job: it implements
 * `SyncExecutor`, is told about each new task, and reports back through the transition functions
 * here. Without an executor, tasks stay PENDING for ever (and can still be cancelled).
 */

import { newSyncBatchId, newSyncTaskId } from "./ids";
import { entry } from "./lookup";
import type { ImageAddress } from "./sync-matching";
import { targetRepoName } from "./sync-matching";
import type { CrState, ImageRefRecord, LayerTaskRecord, SyncRuleRecord, SyncTaskRecord, SyncTaskStatus, SyncTrigger } from "./state";

/** Implemented by the data plane. `start` must not block; `cancel` is a courtesy notice. */
export interface SyncExecutor {
  start(taskId: string): void;
  cancel?(taskId: string): void;
}

export interface NewSyncTask {
  syncRuleId: string;
  syncBatchTaskId?: string;
  trigger: SyncTrigger;
  override: boolean;
  sourceUid: string;
  targetUid: string;
  from: ImageRefRecord;
  to: ImageRefRecord;
}

export function addSyncTask(state: CrState, fields: NewSyncTask, now: number): SyncTaskRecord {
  const task: SyncTaskRecord = {
    syncTaskId: newSyncTaskId(),
    syncRuleId: fields.syncRuleId,
    syncBatchTaskId: fields.syncBatchTaskId ?? newSyncBatchId(),
    status: "PENDING",
    trigger: fields.trigger,
    issue: "",
    progress: 0,
    syncedSize: 0,
    override: fields.override,
    sourceUid: fields.sourceUid,
    targetUid: fields.targetUid,
    from: fields.from,
    to: fields.to,
    layerTasks: [],
    createTime: now,
    modifiedTime: now,
  };
  state.syncTasks[task.syncTaskId] = task;
  return task;
}

/**
 * Hands new tasks to the executor. An executor that throws fails only its task (ERROR,
 * INTERNAL_ERROR), never the API call that created it.
 */
export function startTasks(state: CrState, executor: SyncExecutor | undefined, tasks: SyncTaskRecord[], now: () => number): void {
  if (!executor) return;
  for (const task of tasks) {
    try {
      executor.start(task.syncTaskId);
    } catch {
      finishSyncTask(state, task.syncTaskId, { status: "ERROR", issue: "INTERNAL_ERROR" }, now());
    }
  }
}

/**
 * One task per rule a push triggered, sharing a `SyncBatchTaskId` (the `SyncRecordId` of
 * ListRepoSyncTask). Automatic rules mirror the source, so they overwrite the target tag unless
 * the target repository's tag immutability forbids it (then the executor reports TAG_CONFLICT).
 */
export function addPassiveTasks(
  state: CrState,
  image: ImageAddress & { regionId: string },
  rules: SyncRuleRecord[],
  now: number,
): SyncTaskRecord[] {
  const batch = newSyncBatchId();
  return rules.map((rule) =>
    addSyncTask(
      state,
      {
        syncRuleId: rule.syncRuleId,
        syncBatchTaskId: batch,
        trigger: "PASSIVE",
        override: true,
        sourceUid: rule.sourceUid,
        targetUid: rule.targetUid,
        from: { regionId: image.regionId, instanceId: image.instanceId, namespaceName: image.namespaceName, repoName: image.repoName, tag: image.tag },
        to: {
          regionId: rule.target.regionId,
          instanceId: rule.target.instanceId,
          namespaceName: rule.target.namespaceName,
          repoName: targetRepoName(rule, image.repoName),
          tag: image.tag,
        },
      },
      now,
    ),
  );
}

const TERMINAL: ReadonlySet<SyncTaskStatus> = new Set(["SUCCESS", "ERROR", "CANCELED"]);

export function isTerminal(status: SyncTaskStatus): boolean {
  return TERMINAL.has(status);
}

function liveTask(state: CrState, taskId: string): SyncTaskRecord | undefined {
  const task = entry(state.syncTasks, taskId);
  if (!task) throw new Error(`no sync task ${taskId}`);
  return isTerminal(task.status) ? undefined : task;
}

/**
 * Executor progress report. Returns false when the task has ended meanwhile (cancelled), so the
 * executor knows to stop; throws for an unknown task ID (a bug in the caller).
 */
export function reportSyncProgress(
  state: CrState,
  taskId: string,
  progress: { syncedSize: number; progress: number; layerTasks?: LayerTaskRecord[] },
  now: number,
): boolean {
  const task = liveTask(state, taskId);
  if (!task) return false;
  task.status = "SYNCHRONIZING";
  task.syncedSize = progress.syncedSize;
  task.progress = Math.min(1, Math.max(0, progress.progress));
  if (progress.layerTasks) task.layerTasks = progress.layerTasks;
  task.modifiedTime = now;
  return true;
}

/** SUCCESS sets Progress 1; ERROR sets Progress 0 and the issue (docs: 0 = started or failed). */
export function finishSyncTask(
  state: CrState,
  taskId: string,
  outcome: { status: "SUCCESS" } | { status: "ERROR"; issue: string },
  now: number,
): boolean {
  const task = liveTask(state, taskId);
  if (!task) return false;
  task.status = outcome.status;
  task.progress = outcome.status === "SUCCESS" ? 1 : 0;
  task.issue = outcome.status === "ERROR" ? outcome.issue : "";
  task.modifiedTime = now;
  return true;
}

/** PENDING or SYNCHRONIZING → CANCELED, unfinished layers with it. False for a task already ended. */
export function cancelSyncTask(state: CrState, taskId: string, now: number): boolean {
  const task = liveTask(state, taskId);
  if (!task) return false;
  task.status = "CANCELED";
  for (const layer of task.layerTasks) if (!isTerminal(layer.status)) layer.status = "CANCELED";
  task.modifiedTime = now;
  return true;
}
