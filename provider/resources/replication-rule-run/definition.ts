import type { CrClient, SyncTaskSummary } from "../../../sdk/clients";
import { ProviderError } from "../../errors";
import type { ResourceContext, ResourceDefinition } from "../../resource-definition";
import { startTaskOnce } from "../image-replication/start-once";
import { cancelQuietly, explainIssue, isTerminal, waitBudgetMs, waitForTask } from "../image-replication/wait";
import { orUndefined } from "../lifecycle";
import { matchesFilter } from "../replication-rule/filters";
import { replicationRuleRunInputs, replicationRuleRunOutputs, type ReplicationRuleRunInputs, type ReplicationRuleRunOutputs } from "./args";


/** Everything but how to connect and how long to wait: a change runs the rule again. */
const REPLACE_KEYS = ["instanceId", "syncRuleId", "namespaceName", "repoName", "tag", "triggers"] as const;

/**
 * The id carries the task IDs (`<rule>/<task>,<task>`): the dispatcher hands delete the inputs
 * only, and delete must know which tasks to cancel.
 */
const idOf = (ruleId: string, taskIds: string[]) => `${ruleId}/${taskIds.join(",")}`;
const taskIdsOf = (id: string) => (id.split("/")[1] ?? "").split(",").filter(Boolean);

/** The repository and the tags to run: the given tag, or every tag that the rule's filter matches. */
async function plan(ctx: ResourceContext, i: ReplicationRuleRunInputs): Promise<{ cr: CrClient; repoId: string; tags: string[] }> {
  const { cr } = await ctx.clients(i.connection);
  const rule = await cr.findRepoSyncRule({ InstanceId: i.instanceId, SyncRuleId: i.syncRuleId });
  if (!rule) throw new ProviderError(`syncRuleId: rule ${i.syncRuleId} is not listed on ${i.instanceId}; create it there (it runs on its source instance)`, { field: "syncRuleId", code: "NotFound" });
  if (rule.SyncTrigger && rule.SyncTrigger !== "INITIATIVE") {
    throw new ProviderError(`syncRuleId: rule ${i.syncRuleId} is automatic (${rule.SyncTrigger}) and runs on every push; only a manual (INITIATIVE) rule can be run`, { field: "syncRuleId", code: "NotManual" });
  }
  const repo = await orUndefined(() => cr.getRepository({ InstanceId: i.instanceId, RepoNamespaceName: i.namespaceName, RepoName: i.repoName }));
  if (!repo) throw new ProviderError(`repoName: repository ${i.namespaceName}/${i.repoName} does not exist in ${i.instanceId}; push it first or fix the name`, { field: "repoName", code: "NotFound" });
  if (i.tag !== undefined) return { cr, repoId: repo.RepoId, tags: [i.tag] };
  const all = await cr.listAllRepoTags({ InstanceId: i.instanceId, RepoId: repo.RepoId });
  // Sorted, so the same tags give the same outputs whatever order the service lists them in.
  const tags = all.map((t) => t.Tag).filter((t) => !rule.TagFilter || matchesFilter(rule.TagFilter, t)).sort();
  if (tags.length === 0) throw new ProviderError(`tag: no tag of ${i.namespaceName}/${i.repoName} matches the rule's filter ${rule.TagFilter ?? ""}; push one or name a tag`, { field: "tag", code: "NotFound" });
  return { cr, repoId: repo.RepoId, tags };
}

const historyOf = (id: string, i: ReplicationRuleRunInputs) => ({ ...i, taskIds: taskIdsOf(id), status: "SUCCESS" }) as ReplicationRuleRunOutputs;

export const replicationRuleRunDefinition: ResourceDefinition<ReplicationRuleRunInputs, ReplicationRuleRunOutputs> = {
  name: "ReplicationRuleRun",
  description:
    "Runs a manual (INITIATIVE) replication rule now (CreateRepoSyncTaskByRule), for one tag or every tag its filter matches. Create waits for the tasks with progress and fails with each failure's reason; a timeout cancels them; a change to `triggers` runs the rule again; delete cancels tasks still running and removes nothing.",
  inputs: replicationRuleRunInputs,
  outputs: replicationRuleRunOutputs,
  replaceKeys: REPLACE_KEYS,

  async create(ctx, inputs) {
    const { cr, repoId, tags } = await plan(ctx, inputs);
    const waitMs = waitBudgetMs(ctx, inputs.waitTimeoutSeconds);
    const deadline = Date.now() + waitMs;
    // A lost answer is not a failed run: the task the call started is found and adopted (start-once.ts).
    const taskIds: string[] = [];
    for (const tag of tags) {
      const query = { instanceId: inputs.instanceId, namespaceName: inputs.namespaceName, repoName: inputs.repoName, tag, matches: (t: SyncTaskSummary) => t.SyncRuleId === inputs.syncRuleId };
      taskIds.push(await startTaskOnce(cr, query, () => cr.createRepoSyncTaskByRule({ InstanceId: inputs.instanceId, RepoId: repoId, SyncRuleId: inputs.syncRuleId, Tag: tag })));
    }
    ctx.log(`running rule ${inputs.syncRuleId} for ${inputs.namespaceName}/${inputs.repoName}:${tags.join(",")} as ${taskIds.join(", ")}`);
    const ended = await Promise.all(taskIds.map((id) => waitForTask(cr, inputs.instanceId, id, { deadline, log: ctx.log })));
    const unfinished = taskIds.filter((_, n) => ended[n] === undefined);
    if (unfinished.length > 0) {
      await Promise.all(unfinished.map((id) => cancelQuietly(cr, inputs.instanceId, id)));
      throw new ProviderError(
        `tasks ${unfinished.join(", ")} of rule ${inputs.syncRuleId} did not finish within ${Math.round(waitMs / 1000)} s and were cancelled: raise customTimeouts.create (or waitTimeoutSeconds) and run \`pulumi up\` again`,
        { code: "Timeout" },
      );
    }
    const failed = ended.map((task, n) => ({ task: task!, tag: tags[n]! })).filter(({ task }) => task.TaskStatus !== "SUCCESS");
    if (failed.length > 0) {
      const reasons = failed.map(({ task, tag }) => `${tag} (${task.SyncTaskId}) ended ${task.TaskStatus}: ${task.TaskStatus === "CANCELED" ? "it was cancelled outside this program" : explainIssue(task.TaskIssue)}`);
      throw new ProviderError(`rule ${inputs.syncRuleId} failed for ${failed.length} of ${tags.length} tags: ${reasons.join("; ")}`, { code: failed[0]!.task.TaskIssue || failed[0]!.task.TaskStatus || "SyncFailed" });
    }
    const syncedSize = ended.reduce((sum, task) => sum + (task?.SyncedSize ?? 0), 0);
    return { id: idOf(inputs.syncRuleId, taskIds), outs: { ...inputs, taskIds, tags, status: "SUCCESS", syncedSize } };
  },

  /**
   * The run is history: the resource stays as long as its inputs do, even once the service forgets
   * the tasks. tags and syncedSize are left out so the stored values stay (the dispatcher keeps
   * outputs a definition does not return).
   */
  async read(_ctx, id, inputs) {
    return { outs: historyOf(id, inputs), inputs };
  },

  /** connection, adopt and waitTimeoutSeconds change nothing in the registry. */
  async update(_ctx, id, _olds, news) {
    return historyOf(id, news);
  },

  /** Cancels tasks that still run; the copied images stay. */
  async delete(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    for (const taskId of taskIdsOf(id)) {
      const task = await orUndefined(() => cr.getRepoSyncTask({ InstanceId: inputs.instanceId, SyncTaskId: taskId }));
      if (task && !isTerminal(task.TaskStatus)) await cancelQuietly(cr, inputs.instanceId, taskId);
    }
  },
};
