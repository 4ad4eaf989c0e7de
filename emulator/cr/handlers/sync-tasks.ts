/**
 * Replication tasks (acr-api.md §3.5–3.6). CreateRepoSyncTask copies one tag without a rule;
 * CreateRepoSyncTaskByRule runs a manual (INITIATIVE) rule for one tag. Both record a PENDING task
 * and hand it to the data plane's SyncExecutor, if any (sync-task-store.ts). Tasks belong to the
 * source instance: that is where Get/List/Cancel find them.
 */

import { arn } from "../arn";
import { CrCode, crFail, invalidParam, notFound } from "../errors";
import { entry, ownInstance, repoById } from "../lookup";
import { pageFields, pageOf, readPage } from "../paging";
import { ensure, optional, optionalBool, optionalInt, required, type CrCallContext, type CrHandler } from "../params";
import { syncTaskFields, syncTaskListItem } from "../render";
import { RepoName, TagName } from "../rules";
import type { InstanceRecord, SyncTaskRecord } from "../state";
import { ruleCoversImage, ruleCoversRepo, targetRepoName } from "../sync-matching";
import { addSyncTask, cancelSyncTask, startTasks, type SyncExecutor } from "../sync-task-store";
import { resolveTarget, targetNamespace } from "../sync-targets";

function sourceImage(instance: InstanceRecord, repoId: string, tag: string) {
  const found = repoById(instance, repoId);
  if (!found) throw notFound.repo(instance.instanceId, repoId);
  if (!entry(found.repo.tags, tag)) throw notFound.tag(`${found.namespace.namespaceName}/${found.repo.repoName}`, tag);
  return { namespaceName: found.namespace.namespaceName, repoName: found.repo.repoName };
}

function ownTask(ctx: CrCallContext, instanceId: string, taskId: string): SyncTaskRecord {
  const task = entry(ctx.cr.syncTasks, taskId);
  if (!task || task.from.instanceId !== instanceId) throw notFound.syncTask(taskId);
  return task;
}

export function createSyncTaskHandlers(executor: () => SyncExecutor | undefined): Record<string, CrHandler> {
  const launch = (ctx: CrCallContext, task: SyncTaskRecord) => {
    ctx.changed();
    startTasks(ctx.cr, executor(), [task], () => ctx.now.getTime());
    return { SyncTaskId: task.syncTaskId };
  };

  /**
   * The target namespace must exist; the target repository must exist unless the namespace
   * creates repositories on push (the same rule a push obeys, so the copy cannot fail for it later).
   */
  const CreateRepoSyncTask: CrHandler = (ctx) => {
    const instanceId = required(ctx, "InstanceId");
    const repoId = required(ctx, "RepoId");
    const tag = required(ctx, "Tag");
    const targetRegionId = required(ctx, "TargetRegionId");
    const targetInstanceId = required(ctx, "TargetInstanceId");
    const targetNamespaceName = required(ctx, "TargetNamespace");
    const targetRepo = required(ctx, "TargetRepoName");
    const targetTag = required(ctx, "TargetTag");
    // The docs give no RAM entry for this API; it shares CreateRepoSyncTaskByRule's action and `*` resource.
    ctx.authorize("cr:CreateRepositorySync", arn.all);
    const source = ownInstance(ctx, instanceId);
    const override = optionalBool(ctx, "Override") ?? false;
    ensure(RepoName, targetRepo, CrCode.RepoNameInvalid, "TargetRepoName");
    ensure(TagName, targetTag, CrCode.ParamInvalid, "TargetTag");
    const from = sourceImage(source, repoId, tag);
    const target = resolveTarget(
      ctx,
      source,
      { regionId: targetRegionId, instanceId: targetInstanceId, userId: optional(ctx, "TargetUserId") },
      "cr:CreateRepositorySync",
    );
    const namespace = targetNamespace(target.instance, targetNamespaceName);
    if (!entry(namespace.repositories, targetRepo) && !namespace.autoCreateRepo) {
      throw notFound.repo(targetInstanceId, `${targetNamespaceName}/${targetRepo} (and the namespace does not create repositories on push)`);
    }
    const task = addSyncTask(
      ctx.cr,
      {
        syncRuleId: "",
        trigger: "INITIATIVE",
        override,
        sourceUid: ctx.caller.accountId,
        targetUid: target.targetUid,
        from: { regionId: source.regionId, instanceId, ...from, tag },
        to: { regionId: targetRegionId, instanceId: targetInstanceId, namespaceName: targetNamespaceName, repoName: targetRepo, tag: targetTag },
      },
      ctx.now.getTime(),
    );
    return launch(ctx, task);
  };

  /** Manual rules only (docs: "limited to manual sync rules"); the repository and tag must fall under the rule. */
  const CreateRepoSyncTaskByRule: CrHandler = (ctx) => {
    const instanceId = required(ctx, "InstanceId");
    const repoId = required(ctx, "RepoId");
    const ruleId = required(ctx, "SyncRuleId");
    const tag = required(ctx, "Tag");
    ctx.authorize("cr:CreateRepositorySync", arn.all);
    const source = ownInstance(ctx, instanceId);
    const priority = optionalInt(ctx, "Priority");
    if (priority !== undefined && (priority < 1 || priority > 5)) throw invalidParam("Priority", "use 1 to 5.");
    const rule = entry(ctx.cr.syncRules, ruleId);
    if (!rule || rule.source.instanceId !== instanceId) {
      if (rule && rule.target.instanceId === instanceId && rule.targetUid === ctx.caller.accountId) {
        throw crFail(CrCode.SyncRuleDirectionNotSupport, `Sync rule ${ruleId} replicates INTO instance ${instanceId}; run it on ${rule.source.instanceId}.`);
      }
      throw notFound.syncRule(instanceId, ruleId);
    }
    if (rule.syncTrigger !== "INITIATIVE") {
      throw crFail(CrCode.SyncRuleTriggerNotSupport, `Sync rule ${ruleId} is automatic (PASSIVE); only manual (INITIATIVE) rules can be run by hand.`);
    }
    const from = sourceImage(source, repoId, tag);
    const image = { instanceId, ...from, tag };
    if (!ruleCoversRepo(rule, image)) {
      throw crFail(CrCode.SyncRuleNotMatch, `Repository ${from.namespaceName}/${from.repoName} is not covered by sync rule ${ruleId}.`);
    }
    if (!ruleCoversImage(rule, image)) throw crFail(CrCode.SyncRuleNotMatch, `Tag ${tag} does not match the TagFilter of sync rule ${ruleId}.`);
    if (rule.targetUid !== ctx.caller.accountId) {
      // The target may have withdrawn its consent since the rule was made.
      ctx.identity.assertCrossAccountSyncRole(
        rule.targetUid,
        ctx.caller.accountId,
        "cr:CreateRepositorySync",
        arn.targetInstance(rule.target.regionId, rule.targetUid, rule.target.instanceId),
      );
    }
    const task = addSyncTask(
      ctx.cr,
      {
        syncRuleId: ruleId,
        trigger: "INITIATIVE",
        // A rule mirrors its source, so it overwrites (tag immutability aside: TAG_CONFLICT).
        override: true,
        sourceUid: rule.sourceUid,
        targetUid: rule.targetUid,
        from: { regionId: source.regionId, ...image },
        to: {
          regionId: rule.target.regionId,
          instanceId: rule.target.instanceId,
          namespaceName: rule.target.namespaceName,
          repoName: targetRepoName(rule, from.repoName),
          tag,
        },
      },
      ctx.now.getTime(),
    );
    return launch(ctx, task);
  };

  const GetRepoSyncTask: CrHandler = (ctx) => {
    const instanceId = required(ctx, "InstanceId");
    const taskId = required(ctx, "SyncTaskId");
    ctx.authorize("cr:GetRepositorySync", arn.repositories(ctx, instanceId));
    ownInstance(ctx, instanceId);
    return syncTaskFields(ownTask(ctx, instanceId, taskId));
  };

  /** Newest first; `SyncRecordId` is the SyncBatchTaskId a push's tasks share. */
  const ListRepoSyncTask: CrHandler = (ctx) => {
    const instanceId = required(ctx, "InstanceId");
    ctx.authorize("cr:GetRepositorySync", arn.repositories(ctx, instanceId));
    ownInstance(ctx, instanceId);
    const page = readPage(ctx);
    const filters = {
      namespaceName: optional(ctx, "RepoNamespaceName"),
      repoName: optional(ctx, "RepoName"),
      tag: optional(ctx, "Tag"),
      batch: optional(ctx, "SyncRecordId"),
    };
    const tasks = Object.values(ctx.cr.syncTasks)
      .filter((t) => t.from.instanceId === instanceId)
      .filter(
        (t) =>
          (filters.namespaceName === undefined || t.from.namespaceName === filters.namespaceName) &&
          (filters.repoName === undefined || t.from.repoName === filters.repoName) &&
          (filters.tag === undefined || t.from.tag === filters.tag) &&
          (filters.batch === undefined || t.syncBatchTaskId === filters.batch),
      )
      .sort((a, b) => b.createTime - a.createTime || a.syncTaskId.localeCompare(b.syncTaskId));
    return { SyncTasks: pageOf(tasks, page).map(syncTaskListItem), ...pageFields(page, tasks.length, "string") };
  };

  /** A finished task cannot be cancelled (the docs do not say what happens; emulator-chosen code). */
  const CancelRepoSyncTask: CrHandler = (ctx) => {
    const instanceId = required(ctx, "InstanceId");
    const taskId = required(ctx, "SyncTaskId");
    ctx.authorize("cr:CancelRepoSyncTask", arn.repositories(ctx, instanceId));
    ownInstance(ctx, instanceId);
    const task = ownTask(ctx, instanceId, taskId);
    if (!cancelSyncTask(ctx.cr, taskId, ctx.now.getTime())) {
      throw crFail(CrCode.SyncTaskStatusNotSupport, `Sync task ${taskId} has already ended (${task.status}); only PENDING or SYNCHRONIZING tasks can be cancelled.`);
    }
    ctx.changed();
    try {
      executor()?.cancel?.(taskId);
    } catch {
      // The task is cancelled in the record either way; the executor will see it on its next report.
    }
    return {};
  };

  return { CreateRepoSyncTask, CreateRepoSyncTaskByRule, GetRepoSyncTask, ListRepoSyncTask, CancelRepoSyncTask };
}
