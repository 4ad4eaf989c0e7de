import type { CrClient } from "../../../sdk/clients";
import { ProviderError } from "../../errors";
import type { ResourceContext, ResourceDefinition } from "../../resource-definition";
import { orUndefined } from "../lifecycle";
import { checkReplicationSource } from "../replication-rule/source-check";
import { imageReplicationInputs, imageReplicationOutputs, type ImageReplicationInputs, type ImageReplicationOutputs } from "./args";
import { startTaskOnce, type StartedTaskQuery } from "./start-once";
import { cancelQuietly, explainIssue, isTerminal, waitBudgetMs, waitForTask } from "./wait";


/** Everything but how to connect and how long to wait: a change copies again. */
const REPLACE_KEYS = [
  "instanceId",
  "namespaceName",
  "repoName",
  "tag",
  "targetRegionId",
  "targetInstanceId",
  "targetNamespaceName",
  "targetRepoName",
  "targetTag",
  "targetUserId",
  "override",
  "triggers",
] as const;

const target = (i: ImageReplicationInputs) => ({ repo: i.targetRepoName ?? i.repoName, tag: i.targetTag ?? i.tag });
const describeCopy = (i: ImageReplicationInputs) =>
  `${i.namespaceName}/${i.repoName}:${i.tag} → ${i.targetInstanceId} ${i.targetNamespaceName}/${target(i).repo}:${target(i).tag}`;

/** Refusals the service would give later or obscurely, made before anything is written. */
async function preflight(ctx: ResourceContext, inputs: ImageReplicationInputs): Promise<{ cr: CrClient; repoId: string; digest?: string }> {
  const clients = await ctx.clients(inputs.connection);
  const { cr } = clients;
  await checkReplicationSource(clients, inputs);
  const repo = await orUndefined(() => cr.getRepository({ InstanceId: inputs.instanceId, RepoNamespaceName: inputs.namespaceName, RepoName: inputs.repoName }));
  if (!repo) throw new ProviderError(`repoName: repository ${inputs.namespaceName}/${inputs.repoName} does not exist in ${inputs.instanceId}; push it first or fix the name`, { field: "repoName", code: "NotFound" });
  const image = (await cr.listAllRepoTags({ InstanceId: inputs.instanceId, RepoId: repo.RepoId })).find((i) => i.Tag === inputs.tag);
  if (!image) throw new ProviderError(`tag: ${inputs.namespaceName}/${inputs.repoName} has no tag ${inputs.tag}; push it first or fix the tag`, { field: "tag", code: "NotFound" });
  // ListRepoTag gives the bare hex; an image digest is written with its algorithm.
  const digest = image.Digest && !image.Digest.includes(":") ? `sha256:${image.Digest}` : image.Digest;
  return { cr, repoId: repo.RepoId, digest };
}

/** The manual task of this copy: no rule, and the same destination. */
function copyQuery(inputs: ImageReplicationInputs): StartedTaskQuery {
  const to = target(inputs);
  return {
    instanceId: inputs.instanceId,
    namespaceName: inputs.namespaceName,
    repoName: inputs.repoName,
    tag: inputs.tag,
    matches: (t) =>
      t.TaskTrigger === "INITIATIVE" &&
      !t.SyncRuleId &&
      t.ImageTo?.InstanceId === inputs.targetInstanceId &&
      t.ImageTo?.RepoNamespaceName === inputs.targetNamespaceName &&
      t.ImageTo?.RepoName === to.repo &&
      t.ImageTo?.ImageTag === to.tag,
  };
}

function startTask(cr: CrClient, inputs: ImageReplicationInputs, repoId: string): Promise<string> {
  const to = target(inputs);
  return startTaskOnce(cr, copyQuery(inputs), () =>
    cr.createRepoSyncTask({
      InstanceId: inputs.instanceId,
      RepoId: repoId,
      Tag: inputs.tag,
      TargetRegionId: inputs.targetRegionId,
      TargetInstanceId: inputs.targetInstanceId,
      TargetNamespace: inputs.targetNamespaceName,
      TargetRepoName: to.repo,
      TargetTag: to.tag,
      Override: inputs.override ?? false,
      TargetUserId: inputs.targetUserId,
    }),
  );
}

function outsOf(inputs: ImageReplicationInputs, taskId: string, status: string, syncedSize?: number, digest?: string): ImageReplicationOutputs {
  const outs: ImageReplicationOutputs = { ...inputs, taskId, status };
  if (syncedSize !== undefined) outs.syncedSize = syncedSize;
  if (digest !== undefined) outs.digest = digest;
  return outs;
}

export const imageReplicationDefinition: ResourceDefinition<ImageReplicationInputs, ImageReplicationOutputs> = {
  name: "ImageReplication",
  description:
    "A manual copy of one tag to another instance (CreateRepoSyncTask). Create waits until the task ends and fails with its reason; a change to any input or to `triggers` copies again; delete cancels a running task and removes nothing.",
  inputs: imageReplicationInputs,
  outputs: imageReplicationOutputs,
  replaceKeys: REPLACE_KEYS,

  async create(ctx, inputs) {
    const { cr, repoId, digest } = await preflight(ctx, inputs);
    const waitMs = waitBudgetMs(ctx, inputs.waitTimeoutSeconds);
    const taskId = await startTask(cr, inputs, repoId);
    ctx.log(`copying ${describeCopy(inputs)} as task ${taskId}`);
    const task = await waitForTask(cr, inputs.instanceId, taskId, { deadline: Date.now() + waitMs, log: ctx.log });
    if (!task) {
      await cancelQuietly(cr, inputs.instanceId, taskId);
      throw new ProviderError(
        `task ${taskId} (${describeCopy(inputs)}) did not finish within ${Math.round(waitMs / 1000)} s and was cancelled: raise the resource's customTimeouts.create (or waitTimeoutSeconds) and run \`pulumi up\` again`,
        { code: "Timeout" },
      );
    }
    if (task.TaskStatus !== "SUCCESS") {
      const why = task.TaskStatus === "CANCELED" ? "it was cancelled outside this program" : explainIssue(task.TaskIssue);
      throw new ProviderError(`task ${taskId} (${describeCopy(inputs)}) ended ${task.TaskStatus}: ${why}`, { code: task.TaskIssue || task.TaskStatus || "SyncFailed" });
    }
    return { id: taskId, outs: outsOf(inputs, taskId, "SUCCESS", task.SyncedSize, digest) };
  },

  /** The task is history: the resource stays as long as its inputs do, even once the service forgets the task. */
  async read(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const task = await orUndefined(() => cr.getRepoSyncTask({ InstanceId: inputs.instanceId, SyncTaskId: id }));
    if (!task) return { outs: { ...inputs, taskId: id, status: "SUCCESS" }, inputs };
    return { outs: outsOf(inputs, id, task.TaskStatus ?? "UNKNOWN", task.SyncedSize), inputs };
  },

  /** connection, adopt and waitTimeoutSeconds change nothing in the registry. */
  async update(ctx, id, _olds, news) {
    const { cr } = await ctx.clients(news.connection);
    const task = await orUndefined(() => cr.getRepoSyncTask({ InstanceId: news.instanceId, SyncTaskId: id }));
    return outsOf(news, id, task?.TaskStatus ?? "SUCCESS", task?.SyncedSize);
  },

  /** Cancels the task if it still runs; the copied image stays. */
  async delete(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const task = await orUndefined(() => cr.getRepoSyncTask({ InstanceId: inputs.instanceId, SyncTaskId: id }));
    if (task && !isTerminal(task.TaskStatus)) await cancelQuietly(cr, inputs.instanceId, id);
  },
};
