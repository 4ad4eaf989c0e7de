/** The newest task outcomes for a rule, and the backfill of tags that existed before it. */
import type { CrClient, SyncTaskSummary } from "../../../sdk/clients";
import type { LatestTask, ReplicationRuleInputs } from "./args";
import { effectiveScope } from "./args";
import { matchesFilter } from "./filters";

const LATEST = 10;

function summary(task: SyncTaskSummary): LatestTask {
  return {
    syncTaskId: task.SyncTaskId,
    status: task.TaskStatus ?? "UNKNOWN",
    issue: task.TaskIssue || undefined,
    repoName: task.ImageFrom?.RepoName,
    tag: task.ImageFrom?.ImageTag,
    trigger: task.TaskTrigger,
    modifiedTime: task.ModifiedTime,
  };
}

/** Tasks the rule started (pushes, manual runs), newest first; one page is enough since the list is newest first. */
export async function latestTasks(cr: CrClient, ruleId: string, inputs: ReplicationRuleInputs): Promise<LatestTask[]> {
  const page = await cr.listRepoSyncTask({
    InstanceId: inputs.instanceId,
    RepoNamespaceName: inputs.namespaceName,
    RepoName: effectiveScope(inputs) === "REPO" ? inputs.repoName : undefined,
    PageNo: 1,
    PageSize: 100,
  });
  return page.SyncTasks.filter((t) => t.SyncRuleId === ruleId)
    .slice(0, LATEST)
    .map(summary);
}

/**
 * Automatic rules only copy what is pushed after they exist (seed 000), so backfill starts one
 * CreateRepoSyncTask per existing matching tag, overwriting like the rule would. It does not wait:
 * the task IDs are outputs (`backfillTaskIds`), so their outcomes can be looked up.
 */
export async function backfill(cr: CrClient, inputs: ReplicationRuleInputs, log: (line: string) => void): Promise<string[]> {
  const scope = effectiveScope(inputs);
  const repos = (await cr.listAllRepositories({ InstanceId: inputs.instanceId, RepoNamespaceName: inputs.namespaceName })).filter((repo) =>
    scope === "REPO" ? repo.RepoName === inputs.repoName : inputs.repoNameFilter === undefined || matchesFilter(inputs.repoNameFilter, repo.RepoName),
  );
  const taskIds: string[] = [];
  for (const repo of repos) {
    const tags = (await cr.listAllRepoTags({ InstanceId: inputs.instanceId, RepoId: repo.RepoId })).filter((image) => matchesFilter(inputs.tagFilter ?? ".*", image.Tag));
    for (const image of tags) {
      const { SyncTaskId } = await cr.createRepoSyncTask({
        InstanceId: inputs.instanceId,
        RepoId: repo.RepoId,
        Tag: image.Tag,
        TargetRegionId: inputs.targetRegionId,
        TargetInstanceId: inputs.targetInstanceId,
        TargetNamespace: inputs.targetNamespaceName,
        TargetRepoName: scope === "REPO" ? inputs.targetRepoName! : repo.RepoName,
        TargetTag: image.Tag,
        Override: true,
        TargetUserId: inputs.targetUserId,
      });
      taskIds.push(SyncTaskId);
      log(`backfill: ${inputs.namespaceName}/${repo.RepoName}:${image.Tag} → task ${SyncTaskId}`);
    }
  }
  return taskIds;
}
