/**
 * Tag retention: artifact lifecycle rules (acr-api.md §3.9; seed 003 "Configure a tag retention
 * policy"). A rule keeps, per repository in its scope, the newest `RetentionTagCount` tags plus
 * every tag matching `TagRegexp`; emulator/cr/retention.ts applies it.
 */
import { arn } from "../arn";
import { invalidParam, notFound } from "../errors";
import { lifecycleRules, type LifecycleRuleRecord, type LifecycleScope } from "../governance-state";
import { newLifecycleRuleId } from "../ids";
import { entry, namespaceOf, ownInstance, repoByName } from "../lookup";
import { pageFields, pageOf, readPage } from "../paging";
import { optional, optionalBool, optionalInt, required, type CrCallContext, type CrHandler } from "../params";
import { nextRun } from "../retention";
import type { InstanceRecord } from "../state";

const SCOPES: readonly LifecycleScope[] = ["INSTANCE", "NAMESPACE", "REPO"];
const SCHEDULES = ["WEEK", "MONTH"];

/** Reads and checks a rule's fields; `base` gives the values an update leaves unchanged. */
function ruleFields(ctx: CrCallContext, instance: InstanceRecord, base?: LifecycleRuleRecord): Omit<LifecycleRuleRecord, "ruleId" | "createTime" | "modifiedTime" | "nextTime"> {
  const scope = (optional(ctx, "Scope") ?? base?.scope ?? "INSTANCE") as LifecycleScope;
  if (!SCOPES.includes(scope)) throw invalidParam("Scope", "must be INSTANCE, NAMESPACE or REPO.");
  const namespaceName = scope === "INSTANCE" ? "" : optional(ctx, "NamespaceName") ?? base?.namespaceName ?? "";
  const repoName = scope === "REPO" ? optional(ctx, "RepoName") ?? base?.repoName ?? "" : "";
  if (scope !== "INSTANCE" && !namespaceName) throw invalidParam("NamespaceName", `required for ${scope} scope.`);
  if (scope === "REPO" && !repoName) throw invalidParam("RepoName", "required for REPO scope.");
  if (scope === "NAMESPACE") namespaceOf(instance, namespaceName);
  if (scope === "REPO" && !repoByName(instance, namespaceName, repoName)) throw notFound.repo(instance.instanceId, `${namespaceName}/${repoName}`);
  const retentionTagCount = optionalInt(ctx, "RetentionTagCount") ?? base?.retentionTagCount;
  if (retentionTagCount === undefined || retentionTagCount < 1 || retentionTagCount > 1000) throw invalidParam("RetentionTagCount", "an integer from 1 to 1000.");
  const tagRegexp = optional(ctx, "TagRegexp") ?? base?.tagRegexp ?? "";
  try {
    new RegExp(tagRegexp);
  } catch {
    throw invalidParam("TagRegexp", `${tagRegexp} is not a regular expression.`);
  }
  const auto = optionalBool(ctx, "Auto") ?? base?.auto ?? false;
  const scheduleTime = optional(ctx, "ScheduleTime") ?? base?.scheduleTime ?? "";
  if (auto && !SCHEDULES.includes(scheduleTime)) throw invalidParam("ScheduleTime", "WEEK or MONTH when Auto is true.");
  const enableDeleteTag = optionalBool(ctx, "EnableDeleteTag") ?? base?.enableDeleteTag ?? false;
  return { scope, namespaceName, repoName, tagRegexp, retentionTagCount, auto, scheduleTime: auto ? scheduleTime : "", enableDeleteTag };
}

export function lifecycleRuleFields(instanceId: string, rule: LifecycleRuleRecord): Record<string, unknown> {
  return {
    RuleId: rule.ruleId,
    InstanceId: instanceId,
    Scope: rule.scope,
    NamespaceName: rule.namespaceName,
    RepoName: rule.repoName,
    TagRegexp: rule.tagRegexp,
    RetentionTagCount: rule.retentionTagCount,
    Auto: rule.auto,
    ScheduleTime: rule.scheduleTime,
    EnableDeleteTag: rule.enableDeleteTag,
    CreateTime: rule.createTime,
    ModifiedTime: rule.modifiedTime,
    NextTime: rule.nextTime,
  };
}

function ownRule(ctx: CrCallContext): { instance: InstanceRecord; rule: LifecycleRuleRecord } {
  const instanceId = required(ctx, "InstanceId");
  const ruleId = required(ctx, "RuleId");
  const instance = ownInstance(ctx, instanceId);
  const rule = entry(lifecycleRules(instance), ruleId);
  if (!rule) throw notFound.lifecycleRule(instanceId, ruleId);
  return { instance, rule };
}

export const CreateArtifactLifecycleRule: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  ctx.authorize("cr:CreateArtifactLifecycleRule", arn.instance(ctx, instanceId));
  const instance = ownInstance(ctx, instanceId);
  const now = ctx.now.getTime();
  const fields = ruleFields(ctx, instance);
  const rule: LifecycleRuleRecord = { ruleId: newLifecycleRuleId(), ...fields, createTime: now, modifiedTime: now, nextTime: nextRun(fields, now) };
  lifecycleRules(instance)[rule.ruleId] = rule;
  ctx.changed();
  return { RuleId: rule.ruleId };
};

export const UpdateArtifactLifecycleRule: CrHandler = (ctx) => {
  ctx.authorize("cr:UpdateArtifactLifecycleRule", arn.instance(ctx, required(ctx, "InstanceId")));
  const { instance, rule } = ownRule(ctx);
  const now = ctx.now.getTime();
  Object.assign(rule, ruleFields(ctx, instance, rule), { modifiedTime: now });
  rule.nextTime = nextRun(rule, now);
  ctx.changed();
  return {};
};

export const GetArtifactLifecycleRule: CrHandler = (ctx) => {
  ctx.authorize("cr:GetArtifactLifecycleRule", arn.instance(ctx, required(ctx, "InstanceId")));
  const { instance, rule } = ownRule(ctx);
  return lifecycleRuleFields(instance.instanceId, rule);
};

export const DeleteArtifactLifecycleRule: CrHandler = (ctx) => {
  ctx.authorize("cr:DeleteArtifactLifecycleRule", arn.instance(ctx, required(ctx, "InstanceId")));
  const { instance, rule } = ownRule(ctx);
  delete lifecycleRules(instance)[rule.ruleId];
  ctx.changed();
  return {};
};

export const ListArtifactLifecycleRule: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  ctx.authorize("cr:ListArtifactLifecycleRule", arn.instance(ctx, instanceId));
  const instance = ownInstance(ctx, instanceId);
  const page = readPage(ctx);
  const enableDeleteTag = optionalBool(ctx, "EnableDeleteTag");
  const rules = Object.values(lifecycleRules(instance))
    .filter((r) => enableDeleteTag === undefined || r.enableDeleteTag === enableDeleteTag)
    .sort((a, b) => a.createTime - b.createTime || a.ruleId.localeCompare(b.ruleId));
  return { Rules: pageOf(rules, page).map((r) => lifecycleRuleFields(instanceId, r)), ...pageFields(page, rules.length, "number") };
};
