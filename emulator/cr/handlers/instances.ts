/**
 * Instances (acr-api.md §3.1, §3.10). Instances come from the seed — the API cannot create or
 * release them (that is BssOpenApi) — so these handlers only read.
 */

import { arn } from "../arn";
import { ownInstance, repoCount } from "../lookup";
import { pageFields, pageOf, readPage } from "../paging";
import { optional, required, type CrHandler } from "../params";
import { instanceFields, instanceListItem } from "../render";

export const GetInstance: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  ctx.authorize("cr:GetInstance", arn.instance(ctx, instanceId));
  return instanceFields(ownInstance(ctx, instanceId));
};

/** The caller's instances in the request's region; `InstanceName` filters by substring (emulator choice). */
export const ListInstance: CrHandler = (ctx) => {
  ctx.authorize("cr:ListInstance", arn.all);
  const page = readPage(ctx);
  const name = optional(ctx, "InstanceName");
  const status = optional(ctx, "InstanceStatus");
  const group = optional(ctx, "ResourceGroupId");
  const instances = Object.values(ctx.cr.instances)
    .filter((i) => i.ownerUid === ctx.caller.accountId && i.regionId === ctx.regionId)
    .filter((i) => (name === undefined || i.instanceName.includes(name)) && (status === undefined || i.status === status))
    .filter((i) => group === undefined || i.resourceGroupId === group)
    .sort((a, b) => a.createTime - b.createTime || a.instanceId.localeCompare(b.instanceId));
  return { Instances: pageOf(instances, page).map(instanceListItem), ...pageFields(page, instances.length, "number") };
};

/** Quotas and usage, every value a string as the SDK declares (acr-api.md §2.3). */
export const GetInstanceUsage: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  ctx.authorize("cr:GetInstanceUsage", arn.instance(ctx, instanceId));
  const instance = ownInstance(ctx, instanceId);
  return {
    NamespaceQuota: String(instance.quota.namespaces),
    NamespaceUsage: String(Object.keys(instance.namespaces).length),
    RepoQuota: String(instance.quota.repositories),
    RepoUsage: String(repoCount(instance)),
  };
};
