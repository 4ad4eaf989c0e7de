/**
 * Replication rules (acr-api.md §3.5, §5). A rule is created on, and stored with, its source; it
 * is listed on the source as FROM and on the target as TO (also across accounts), and can be
 * deleted only from the source. There is no GetRepoSyncRule.
 *
 * Prerequisites checked at creation (seeds 000/002): the source namespace (and repository, for
 * REPO scope) exists; on the target, the named namespace exists, with AutoCreateRepo on for
 * NAMESPACE scope, and the named repository exists for REPO scope. The API names the target
 * namespace and repository explicitly, so they need not share the source's names.
 */

import { arn } from "../arn";
import { CrCode, crFail, invalidParam, notFound } from "../errors";
import { newSyncRuleId } from "../ids";
import { entry, namespaceOf, ownInstance, repoByName } from "../lookup";
import { pageFields, pageOf, readPage } from "../paging";
import { ensure, oneOf, optional, required, type CrCallContext, type CrHandler } from "../params";
import { syncRuleFields } from "../render";
import { NameFilter } from "../rules";
import type { SyncRuleRecord, SyncScope } from "../state";
import { resolveTarget, targetNamespace } from "../sync-targets";

interface RuleShape {
  scope: SyncScope;
  repoName: string;
  targetRepoName: string;
  repoNameFilter: string;
}

/** Terraform's client-side pairing rule, enforced here: both repository names or neither (acr-api.md §3.5). */
function ruleShape(ctx: CrCallContext): RuleShape {
  const scope = oneOf(["REPO", "NAMESPACE"], required(ctx, "SyncScope"), "SyncScope", CrCode.ParamInvalid);
  const repoName = optional(ctx, "RepoName") ?? "";
  const targetRepoName = optional(ctx, "TargetRepoName") ?? "";
  const repoNameFilter = optional(ctx, "RepoNameFilter") ?? "";
  if ((repoName === "") !== (targetRepoName === "")) {
    throw invalidParam(repoName === "" ? "RepoName" : "TargetRepoName", "give RepoName and TargetRepoName together, or neither.");
  }
  if (scope === "REPO" && repoName === "") throw invalidParam("RepoName", "SyncScope REPO needs RepoName and TargetRepoName.");
  if (scope === "NAMESPACE" && repoName !== "") {
    throw invalidParam("SyncScope", "RepoName and TargetRepoName apply to SyncScope REPO; use REPO or drop them.");
  }
  if (scope === "REPO" && repoNameFilter !== "") throw invalidParam("RepoNameFilter", "it applies to SyncScope NAMESPACE only.");
  if (repoNameFilter !== "") ensure(NameFilter, repoNameFilter, CrCode.ParamInvalid, "RepoNameFilter");
  return { scope, repoName, targetRepoName, repoNameFilter };
}

export const CreateRepoSyncRule: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const namespaceName = required(ctx, "NamespaceName");
  const tagFilter = required(ctx, "TagFilter");
  const ruleName = required(ctx, "SyncRuleName");
  required(ctx, "SyncScope");
  const targetRegionId = required(ctx, "TargetRegionId");
  const targetInstanceId = required(ctx, "TargetInstanceId");
  const targetNamespaceName = required(ctx, "TargetNamespaceName");
  ctx.authorize("cr:CreateSyncRule", arn.repositories(ctx, instanceId));
  const source = ownInstance(ctx, instanceId);

  const shape = ruleShape(ctx);
  ensure(NameFilter, tagFilter, CrCode.ParamInvalid, "TagFilter");
  // Optional in the current SDK; Terraform defaults it to PASSIVE.
  const trigger = oneOf(["PASSIVE", "INITIATIVE"], optional(ctx, "SyncTrigger") ?? "PASSIVE", "SyncTrigger", CrCode.ParamInvalid);
  namespaceOf(source, namespaceName);
  if (shape.scope === "REPO" && !repoByName(source, namespaceName, shape.repoName)) {
    throw notFound.repo(instanceId, `${namespaceName}/${shape.repoName}`);
  }
  // Emulator choice: a rule name is unique per source instance, so a retried create can be recognised.
  if (Object.values(ctx.cr.syncRules).some((r) => r.source.instanceId === instanceId && r.syncRuleName === ruleName)) {
    throw crFail(CrCode.SyncRuleAlreadyExist, `A sync rule named ${ruleName} already exists on instance ${instanceId}.`);
  }

  const target = resolveTarget(
    ctx,
    source,
    { regionId: targetRegionId, instanceId: targetInstanceId, userId: optional(ctx, "TargetUserId") },
    "cr:CreateSyncRule",
  );
  const namespace = targetNamespace(target.instance, targetNamespaceName);
  if (shape.scope === "NAMESPACE" && !namespace.autoCreateRepo) {
    throw invalidParam(
      "TargetNamespaceName",
      `namespace ${targetNamespaceName} on target instance ${targetInstanceId} must have AutoCreateRepo on for namespace-level replication.`,
    );
  }
  if (shape.scope === "REPO" && !entry(namespace.repositories, shape.targetRepoName)) {
    throw notFound.repo(targetInstanceId, `${targetNamespaceName}/${shape.targetRepoName}`);
  }

  const now = ctx.now.getTime();
  const rule: SyncRuleRecord = {
    syncRuleId: newSyncRuleId(),
    syncRuleName: ruleName,
    syncScope: shape.scope,
    syncTrigger: trigger,
    tagFilter,
    repoNameFilter: shape.repoNameFilter,
    linkId: optional(ctx, "LinkId") ?? "",
    sourceUid: ctx.caller.accountId,
    targetUid: target.targetUid,
    source: { regionId: source.regionId, instanceId, namespaceName, repoName: shape.repoName },
    target: { regionId: targetRegionId, instanceId: targetInstanceId, namespaceName: targetNamespaceName, repoName: shape.targetRepoName },
    createTime: now,
    modifiedTime: now,
  };
  ctx.cr.syncRules[rule.syncRuleId] = rule;
  ctx.changed();
  return { SyncRuleId: rule.syncRuleId };
};

/** FROM when the instance is the rule's source, TO when it is the target, else undefined. */
function directionOn(rule: SyncRuleRecord, instanceId: string, ownerUid: string): "FROM" | "TO" | undefined {
  if (rule.source.instanceId === instanceId && rule.sourceUid === ownerUid) return "FROM";
  if (rule.target.instanceId === instanceId && rule.targetUid === ownerUid) return "TO";
  return undefined;
}

/**
 * `NamespaceName`/`RepoName` filter on this instance's side of each rule (source for FROM, target
 * for TO: emulator choice); `TargetInstanceId`/`TargetRegionId` on the target side.
 */
export const ListRepoSyncRule: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  ctx.authorize("cr:ListSyncRule", arn.repositories(ctx, instanceId));
  const instance = ownInstance(ctx, instanceId);
  const page = readPage(ctx);
  const namespaceName = optional(ctx, "NamespaceName");
  const repoName = optional(ctx, "RepoName");
  const targetInstanceId = optional(ctx, "TargetInstanceId");
  const targetRegionId = optional(ctx, "TargetRegionId");
  const rows = Object.values(ctx.cr.syncRules)
    .map((rule) => ({ rule, direction: directionOn(rule, instanceId, instance.ownerUid) }))
    .filter((row): row is { rule: SyncRuleRecord; direction: "FROM" | "TO" } => row.direction !== undefined)
    .filter(({ rule, direction }) => {
      const side = direction === "FROM" ? rule.source : rule.target;
      return (
        (namespaceName === undefined || side.namespaceName === namespaceName) &&
        (repoName === undefined || side.repoName === repoName) &&
        (targetInstanceId === undefined || rule.target.instanceId === targetInstanceId) &&
        (targetRegionId === undefined || rule.target.regionId === targetRegionId)
      );
    })
    .sort((a, b) => a.rule.createTime - b.rule.createTime || a.rule.syncRuleId.localeCompare(b.rule.syncRuleId));
  return {
    SyncRules: pageOf(rows, page).map(({ rule, direction }) => syncRuleFields(rule, direction)),
    ...pageFields(page, rows.length, "number"),
  };
};

export const DeleteRepoSyncRule: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const ruleId = required(ctx, "SyncRuleId");
  ctx.authorize("cr:DeleteSyncRule", arn.repositories(ctx, instanceId));
  const instance = ownInstance(ctx, instanceId);
  const rule = entry(ctx.cr.syncRules, ruleId);
  const direction = rule && directionOn(rule, instanceId, instance.ownerUid);
  if (!rule || !direction) throw notFound.syncRule(instanceId, ruleId);
  if (direction === "TO") {
    throw crFail(
      CrCode.SyncRuleDirectionNotSupport,
      `Sync rule ${ruleId} replicates INTO instance ${instanceId} (direction TO); delete it on its source instance ${rule.source.instanceId}.`,
    );
  }
  delete ctx.cr.syncRules[ruleId];
  ctx.changed();
  return {};
};
