import type { ArtifactLifecycleRule, UpdateArtifactLifecycleRuleInput } from "../../../sdk/clients";
import type { ResourceDefinition } from "../../resource-definition";
import { createOrAdopt, ignoreNotFound, orUndefined, partialOnFailure, waitUntilGone } from "../lifecycle";
import { artifactLifecycleRuleInputs, artifactLifecycleRuleOutputs, type ArtifactLifecycleRuleInputs, type ArtifactLifecycleRuleOutputs } from "./args";

type Ctx = Parameters<ResourceDefinition<object, object>["create"]>[0];

function settings(i: ArtifactLifecycleRuleInputs): Omit<UpdateArtifactLifecycleRuleInput, "RuleId"> {
  return {
    InstanceId: i.instanceId,
    Scope: i.scope,
    NamespaceName: i.namespaceName,
    RepoName: i.repoName,
    RetentionTagCount: i.retentionTagCount,
    TagRegexp: i.tagRegexp,
    Auto: i.auto ?? false,
    ScheduleTime: i.scheduleTime,
    EnableDeleteTag: i.enableDeleteTag ?? true,
  };
}

/** The inputs as the service holds them; optional inputs the program leaves out stay out (no permanent diff). */
function observed(rule: ArtifactLifecycleRule, i: ArtifactLifecycleRuleInputs): ArtifactLifecycleRuleInputs {
  const scope = rule.Scope === "INSTANCE" || rule.Scope === "NAMESPACE" || rule.Scope === "REPO" ? rule.Scope : i.scope;
  const schedule = rule.ScheduleTime === "WEEK" || rule.ScheduleTime === "MONTH" ? rule.ScheduleTime : undefined;
  return {
    ...i,
    scope,
    namespaceName: i.namespaceName === undefined && !rule.NamespaceName ? undefined : rule.NamespaceName,
    repoName: i.repoName === undefined && !rule.RepoName ? undefined : rule.RepoName,
    retentionTagCount: rule.RetentionTagCount ?? i.retentionTagCount,
    tagRegexp: i.tagRegexp === undefined && !rule.TagRegexp ? undefined : rule.TagRegexp,
    auto: i.auto === undefined ? undefined : rule.Auto,
    scheduleTime: i.scheduleTime === undefined && !schedule ? undefined : schedule,
    enableDeleteTag: i.enableDeleteTag === undefined ? undefined : rule.EnableDeleteTag,
  };
}

const outsOf = (rule: ArtifactLifecycleRule, i: ArtifactLifecycleRuleInputs): ArtifactLifecycleRuleOutputs => ({ ...i, ...observed(rule, i), ruleId: rule.RuleId, nextTime: rule.NextTime });

async function getRule(ctx: Ctx, i: ArtifactLifecycleRuleInputs, ruleId: string) {
  const { cr } = await ctx.clients(i.connection);
  return orUndefined(() => cr.getArtifactLifecycleRule({ InstanceId: i.instanceId, RuleId: ruleId }));
}

/** A rule has no name: the one with the same scope, namespace and repository is the same rule. */
async function findSameTarget(ctx: Ctx, i: ArtifactLifecycleRuleInputs) {
  const { cr } = await ctx.clients(i.connection);
  const rules = await orUndefined(() => cr.listAllArtifactLifecycleRules({ InstanceId: i.instanceId }));
  return rules?.find((r) => r.Scope === i.scope && (r.NamespaceName || undefined) === i.namespaceName && (r.RepoName || undefined) === i.repoName);
}

export const artifactLifecycleRuleDefinition: ResourceDefinition<ArtifactLifecycleRuleInputs, ArtifactLifecycleRuleOutputs> = {
  name: "ArtifactLifecycleRule",
  description:
    "A tag retention rule of an ACR EE instance: per repository in its scope, the newest `retentionTagCount` tags are kept, plus those matching `tagRegexp`; the rest are deleted on its schedule or on demand. Every setting changes in place.",
  inputs: artifactLifecycleRuleInputs,
  outputs: artifactLifecycleRuleOutputs,
  replaceKeys: ["instanceId"],

  async create(ctx, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const { found, adopted } = await createOrAdopt({
      what: `the ${inputs.scope} lifecycle rule${inputs.namespaceName ? ` for ${[inputs.namespaceName, inputs.repoName].filter(Boolean).join("/")}` : ""} in ${inputs.instanceId}`,
      field: "scope",
      adopt: inputs.adopt,
      find: () => findSameTarget(ctx, inputs),
      create: () => cr.createArtifactLifecycleRule(settings(inputs)),
      idAfterCreate: (created) => (created as { RuleId: string }).RuleId,
    });
    if (!adopted) return { id: found.RuleId, outs: outsOf(found, inputs) };
    return partialOnFailure(found.RuleId, "adopted the lifecycle rule but could not apply the inputs", async () => {
      await cr.updateArtifactLifecycleRule({ ...settings(inputs), RuleId: found.RuleId });
      return { id: found.RuleId, outs: outsOf((await getRule(ctx, inputs, found.RuleId)) ?? found, inputs) };
    });
  },

  async read(ctx, id, inputs) {
    const rule = await getRule(ctx, inputs, id);
    if (!rule) return undefined;
    return { outs: outsOf(rule, inputs), inputs: observed(rule, inputs) };
  },

  async update(ctx, id, _olds, news) {
    const { cr } = await ctx.clients(news.connection);
    await cr.updateArtifactLifecycleRule({ ...settings(news), RuleId: id });
    return outsOf(await cr.getArtifactLifecycleRule({ InstanceId: news.instanceId, RuleId: id }), news);
  },

  async delete(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    await ignoreNotFound(() => cr.deleteArtifactLifecycleRule({ InstanceId: inputs.instanceId, RuleId: id }));
    await waitUntilGone(`lifecycle rule ${id}`, async () => (await getRule(ctx, inputs, id)) === undefined);
  },
};
