import type { CrClient, SyncRule } from "../../../sdk/clients";
import { ProviderError } from "../../errors";
import type { ResourceDefinition } from "../../resource-definition";
import { createOrAdopt, ignoreNotFound, orUndefined, partialOnFailure, waitUntilGone } from "../lifecycle";
import { effectiveScope, replicationRuleInputs, replicationRuleOutputs, type ReplicationRuleInputs, type ReplicationRuleOutputs } from "./args";
import { checkReplicationSource } from "./source-check";
import { backfill, latestTasks } from "./tasks";

/** Every input that shapes the rule: there is no UpdateRepoSyncRule, so a change to any of them replaces it. */
const REPLACE_KEYS = [
  "instanceId",
  "namespaceName",
  "syncRuleName",
  "targetRegionId",
  "targetInstanceId",
  "targetNamespaceName",
  "targetUserId",
  "syncScope",
  "repoName",
  "targetRepoName",
  "tagFilter",
  "repoNameFilter",
  "syncTrigger",
] as const;

/**
 * The rule as its source instance lists it (direction FROM). There is no GetRepoSyncRule, so the
 * list is narrowed by the filters ListRepoSyncRule takes (source namespace, target instance and
 * region): one page instead of every rule of the instance. The match stays client-side, so a
 * service that ignored a filter would only cost pages, never the wrong rule.
 */
async function findRule(cr: CrClient, inputs: ReplicationRuleInputs, match: (rule: SyncRule) => boolean): Promise<SyncRule | undefined> {
  const rules = await orUndefined(() =>
    cr.listAllRepoSyncRules({
      InstanceId: inputs.instanceId,
      NamespaceName: inputs.namespaceName,
      TargetInstanceId: inputs.targetInstanceId,
      TargetRegionId: inputs.targetRegionId,
    }),
  );
  return rules?.find((rule) => rule.SyncDirection !== "TO" && rule.LocalInstanceId === inputs.instanceId && match(rule));
}

/** The inputs as the service holds them; fields the program leaves to defaults stay unset when the service shows the default. */
function observed(rule: SyncRule, inputs: ReplicationRuleInputs): ReplicationRuleInputs {
  const scope = rule.SyncScope === "REPO" || rule.SyncScope === "NAMESPACE" ? rule.SyncScope : effectiveScope(inputs);
  const trigger = rule.SyncTrigger === "PASSIVE" || rule.SyncTrigger === "INITIATIVE" ? rule.SyncTrigger : inputs.syncTrigger;
  return {
    ...inputs,
    instanceId: rule.LocalInstanceId ?? inputs.instanceId,
    namespaceName: rule.LocalNamespaceName ?? inputs.namespaceName,
    syncRuleName: rule.SyncRuleName ?? inputs.syncRuleName,
    targetRegionId: rule.TargetRegionId ?? inputs.targetRegionId,
    targetInstanceId: rule.TargetInstanceId ?? inputs.targetInstanceId,
    targetNamespaceName: rule.TargetNamespaceName ?? inputs.targetNamespaceName,
    // The API lists CrossUser but not the UID: a rule that is no longer cross-account has no targetUserId.
    targetUserId: rule.CrossUser ? inputs.targetUserId : undefined,
    syncScope: inputs.syncScope === undefined && scope === effectiveScope(inputs) ? undefined : scope,
    repoName: rule.LocalRepoName || undefined,
    targetRepoName: rule.TargetRepoName || undefined,
    tagFilter: inputs.tagFilter === undefined && rule.TagFilter === ".*" ? undefined : rule.TagFilter,
    repoNameFilter: rule.RepoNameFilter || undefined,
    syncTrigger: inputs.syncTrigger === undefined && trigger === "PASSIVE" ? undefined : trigger,
  };
}

/** backfillTaskIds only at create: later the adapter keeps the stored value. */
async function outsOf(cr: CrClient, rule: SyncRule, inputs: ReplicationRuleInputs, backfillTaskIds?: string[]): Promise<ReplicationRuleOutputs> {
  const outs: ReplicationRuleOutputs = { ...inputs, syncRuleId: rule.SyncRuleId, crossUser: rule.CrossUser, latestTasks: await latestTasks(cr, rule.SyncRuleId, inputs) };
  if (backfillTaskIds) outs.backfillTaskIds = backfillTaskIds;
  return outs;
}

export const replicationRuleDefinition: ResourceDefinition<ReplicationRuleInputs, ReplicationRuleOutputs> = {
  name: "ReplicationRule",
  description:
    "An automatic (or manual) instance replication rule, created on the source instance. There is no update API, so every change replaces it; backfill copies the tags that already exist once.",
  inputs: replicationRuleInputs,
  outputs: replicationRuleOutputs,
  replaceKeys: REPLACE_KEYS,

  async create(ctx, inputs) {
    const clients = await ctx.clients(inputs.connection);
    const { cr } = clients;
    // The service would create the rule, or fail obscurely; say what is wrong before writing anything.
    await checkReplicationSource(clients, inputs);
    const scope = effectiveScope(inputs);
    const find = () => findRule(cr, inputs, (rule) => rule.SyncRuleName === inputs.syncRuleName);
    const { found } = await createOrAdopt({
      what: `sync rule ${inputs.syncRuleName} on ${inputs.instanceId}`,
      field: "syncRuleName",
      adopt: inputs.adopt,
      find,
      create: () =>
        cr.createRepoSyncRule({
          InstanceId: inputs.instanceId,
          NamespaceName: inputs.namespaceName,
          SyncRuleName: inputs.syncRuleName,
          SyncScope: scope,
          SyncTrigger: inputs.syncTrigger ?? "PASSIVE",
          TagFilter: inputs.tagFilter ?? ".*",
          RepoNameFilter: inputs.repoNameFilter,
          RepoName: scope === "REPO" ? inputs.repoName : undefined,
          TargetRepoName: scope === "REPO" ? inputs.targetRepoName : undefined,
          TargetRegionId: inputs.targetRegionId,
          TargetInstanceId: inputs.targetInstanceId,
          TargetNamespaceName: inputs.targetNamespaceName,
          TargetUserId: inputs.targetUserId,
        }),
      idAfterCreate: (created) => (created as { SyncRuleId: string }).SyncRuleId,
    });
    const id = found.SyncRuleId;
    return partialOnFailure(id, `created sync rule ${id} but the backfill did not finish`, async () => {
      const taskIds = inputs.backfill ? await backfill(cr, inputs, ctx.log) : undefined;
      return { id, outs: await outsOf(cr, found, inputs, taskIds) };
    });
  },

  async read(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const rule = await findRule(cr, inputs, (r) => r.SyncRuleId === id);
    if (!rule) return undefined;
    const current = observed(rule, inputs);
    return { outs: await outsOf(cr, rule, current), inputs: current };
  },

  /** Only connection, adopt and backfill can change without a replacement; none of them touches the rule. */
  async update(ctx, id, _olds, news) {
    const { cr } = await ctx.clients(news.connection);
    const rule = await findRule(cr, news, (r) => r.SyncRuleId === id);
    if (!rule) throw new ProviderError(`sync rule ${id} no longer exists on ${news.instanceId}: run \`pulumi refresh\` and \`pulumi up\` to recreate it`, { code: "NotFound" });
    return outsOf(cr, rule, news);
  },

  async delete(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    // Only the source side may delete a rule (Terraform enforces the same).
    await ignoreNotFound(() => cr.deleteRepoSyncRule({ InstanceId: inputs.instanceId, SyncRuleId: id }));
    await waitUntilGone(`sync rule ${id}`, async () => (await findRule(cr, inputs, (r) => r.SyncRuleId === id)) === undefined);
  },
};
