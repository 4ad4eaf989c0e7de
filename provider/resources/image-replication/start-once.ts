/**
 * Starting a sync task once although the answer to CreateRepoSyncTask or CreateRepoSyncTaskByRule
 * may be lost (a reset after commit, a 5xx after the work): the sdk never repeats those creates, so
 * after an ambiguous failure the task the call may have started is looked up (ListRepoSyncTask for
 * the source image, created since the call began) and adopted; only when none is found is the call
 * made again. Used by ImageReplication and ReplicationRuleRun.
 */
import type { CrClient, SyncTaskSummary } from "../../../sdk/clients";
import { isAmbiguous } from "../lifecycle";

/** The source image a task copies, and what else marks it as the one this call started. */
export interface StartedTaskQuery {
  instanceId: string;
  namespaceName: string;
  repoName: string;
  tag: string;
  matches(task: SyncTaskSummary): boolean;
}

/** How far the service's CreateTime may lag our clock for a task started after `since`. */
const CLOCK_SLACK_MS = 1000;

/** The task matching `query` created since `since` (epoch ms), if the call did land. */
export async function findStartedTask(cr: CrClient, query: StartedTaskQuery, since: number): Promise<string | undefined> {
  const page = await cr.listRepoSyncTask({ InstanceId: query.instanceId, RepoNamespaceName: query.namespaceName, RepoName: query.repoName, Tag: query.tag, PageNo: 1, PageSize: 20 });
  return page.SyncTasks.find((t) => (t.CreateTime ?? 0) >= since - CLOCK_SLACK_MS && query.matches(t))?.SyncTaskId;
}

/** Calls `start`; after an ambiguous failure, adopts the task it started instead of starting a second. */
export async function startTaskOnce(cr: CrClient, query: StartedTaskQuery, start: () => Promise<{ SyncTaskId: string }>): Promise<string> {
  const since = Date.now();
  try {
    return (await start()).SyncTaskId;
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    return (await findStartedTask(cr, query, since)) ?? (await start()).SyncTaskId;
  }
}
