/** Waiting for a sync task to end, with progress lines and a deadline. */
import type { CrClient, GetRepoSyncTaskResponse } from "../../../sdk/clients";
import { AcsError } from "../../../sdk/errors";

const TERMINAL = new Set(["SUCCESS", "ERROR", "CANCELED"]);

export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

export interface WaitOptions {
  /** Epoch ms after which waiting stops. */
  deadline: number;
  log(line: string): void;
  /** Longest pause between polls. @default 2000 */
  maxIntervalMs?: number;
}

/** How long a create waits for its tasks when neither the engine nor `waitTimeoutSeconds` says. */
export const DEFAULT_WAIT_SECONDS = 20 * 60;

/** How long a create may wait, in ms: until the engine's deadline if it gave one, else `waitTimeoutSeconds`. */
export function waitBudgetMs(ctx: { deadlineMs?: number }, waitTimeoutSeconds: number | undefined): number {
  return ctx.deadlineMs !== undefined ? ctx.deadlineMs - Date.now() : (waitTimeoutSeconds ?? DEFAULT_WAIT_SECONDS) * 1000;
}

const megabytes = (bytes = 0) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** The task once it has ended, or undefined when the deadline passed first. */
export async function waitForTask(cr: CrClient, instanceId: string, taskId: string, options: WaitOptions): Promise<GetRepoSyncTaskResponse | undefined> {
  let lastLine = "";
  for (let pause = 250; ; pause = Math.min(pause * 2, options.maxIntervalMs ?? 2000)) {
    const task = await cr.getRepoSyncTask({ InstanceId: instanceId, SyncTaskId: taskId });
    const line = `${taskId}: ${task.TaskStatus ?? "UNKNOWN"} ${Math.round((task.Progress ?? 0) * 100)}% (${megabytes(task.SyncedSize)})`;
    if (line !== lastLine) options.log((lastLine = line));
    if (isTerminal(task.TaskStatus)) return task;
    const left = options.deadline - Date.now();
    if (left <= 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
  }
}

/** What a TaskIssue means and how to fix it (acr-api.md §3.6). */
export function explainIssue(issue: string | undefined): string {
  switch (issue) {
    case "TAG_CONFLICT":
      return "TAG_CONFLICT: the destination tag already exists (set override: true to overwrite it, or turn tag immutability off on the destination repository)";
    case "OSS_POLICY_UNAUTHORIZED":
      return "OSS_POLICY_UNAUTHORIZED: the destination's storage refused the copy; check the destination instance's OSS authorization";
    case "UNSUPPORTED_FORMAT":
      return "UNSUPPORTED_FORMAT: the image's manifest format cannot be replicated";
    case "NETWORK_ERROR":
      return "NETWORK_ERROR: the copy lost its connection; run `pulumi up` again";
    case "DATA_LENGTH_EXCEEDED":
      return "DATA_LENGTH_EXCEEDED: the image is larger than replication allows";
    case "INTERNAL_ERROR":
      return "INTERNAL_ERROR: the service failed; run `pulumi up` again";
    default:
      return issue ? `${issue}` : "no reason given";
  }
}

/** Best effort: a task that ended meanwhile cannot be cancelled, which is fine. */
export async function cancelQuietly(cr: CrClient, instanceId: string, taskId: string): Promise<void> {
  try {
    await cr.cancelRepoSyncTask({ InstanceId: instanceId, SyncTaskId: taskId });
  } catch (error) {
    if (!AcsError.is(error)) throw error;
  }
}
