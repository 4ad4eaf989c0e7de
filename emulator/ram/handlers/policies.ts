/** CreatePolicy, GetPolicy, DeletePolicy, ListPolicies, ListEntitiesForPolicy (ram-sts-signing.md §1.2). */

import type { ServiceHandler } from "../../core/services";
import { accountOf, arn, pageFields, paginate, stamp } from "../common";
import { ramErrors } from "../errors";
import { RAM_LENGTHS, RAM_LIMITS } from "../limits";
import { nameKey, type CustomPolicyRecord, type PolicyType } from "../state";
import { systemPolicies } from "../system-policies";
import { name, optional, policyDocument, policyType, tags, text, boolean } from "../validate";
import { attachmentCount, policyArnFor, requireCustomPolicy, requirePolicy, viewPolicy, type PolicyView } from "./lookup";

function documentOf(view: PolicyView): { versionId: string; document: string; createDate: string } {
  if (view.system) return { versionId: "v1", document: view.system.document, createDate: view.createDate };
  const custom = view.custom!;
  const version = custom.versions.find((v) => v.versionId === custom.defaultVersion)!;
  return { versionId: version.versionId, document: version.document, createDate: version.createDate };
}

const createPolicy: ServiceHandler = (ctx) => {
  const p = ctx.params;
  const policyName = name(p, "PolicyName");
  const document = policyDocument(p, "PolicyDocument", "identity", true)!;
  const description = text(p, "Description", RAM_LENGTHS.description) ?? "";
  const policyTags = tags(p);
  const account = accountOf(ctx);
  ctx.authorize("ram:CreatePolicy", arn.policy(account.uid, policyName));
  const policies = account.ram.policies;
  if (policies[nameKey(policyName)]) throw ramErrors.alreadyExists("Policy", policyName);
  if (Object.keys(policies).length >= RAM_LIMITS.customPolicies) throw ramErrors.limitExceeded("Policy", "custom policies");

  const now = stamp(ctx);
  const policy: CustomPolicyRecord = {
    policyName,
    description,
    createDate: now,
    updateDate: now,
    defaultVersion: "v1",
    versions: [{ versionId: "v1", document, createDate: now }],
    lastVersionNumber: 1,
    tags: policyTags,
  };
  policies[nameKey(policyName)] = policy;
  ctx.changed();
  return {
    Policy: { CreateDate: now, DefaultVersion: "v1", Description: description, PolicyName: policyName, PolicyType: "Custom" },
  };
};

const getPolicy: ServiceHandler = (ctx) => {
  const policyName = name(ctx.params, "PolicyName");
  const type = policyType(ctx.params);
  ctx.authorize("ram:GetPolicy", policyArnFor(ctx, policyName, type));
  const view = requirePolicy(ctx, policyName, type);
  const current = documentOf(view);
  return {
    Policy: policyFields(ctx, view),
    DefaultPolicyVersion: {
      VersionId: current.versionId,
      IsDefaultVersion: true,
      PolicyDocument: current.document,
      CreateDate: current.createDate,
    },
  };
};

const deletePolicy: ServiceHandler = (ctx) => {
  const policyName = name(ctx.params, "PolicyName");
  const cascade = boolean(ctx.params, "CascadingDelete") ?? false;
  ctx.authorize("ram:DeletePolicy", policyArnFor(ctx, policyName, "Custom"));
  const policy = requireCustomPolicy(ctx, policyName);
  const count = attachmentCount(ctx, policy.policyName, "Custom");
  if (count.users > 0) throw ramErrors.deleteConflict("Policy.User", "The policy CAN NOT be deleted while it is attached to users.");
  // No policy-attached-to-role code is documented; Terraform's DeletePolicy retries on
  // DeleteConflict.Role.Policy, which is the best evidence of what the service returns.
  if (count.roles > 0) throw ramErrors.deleteConflict("Role.Policy", "The policy CAN NOT be deleted while it is attached to roles.");
  if (policy.versions.length > 1 && !cascade) {
    throw ramErrors.deleteConflict("Policy.Version", "The policy CAN NOT has any version except the default version.");
  }
  delete accountOf(ctx).ram.policies[nameKey(policy.policyName)];
  ctx.changed();
  return {};
};

/** The Policy object GetPolicy returns; ListPolicies items add Tags. */
function policyFields(ctx: Parameters<ServiceHandler>[0], view: PolicyView): Record<string, unknown> {
  const count = attachmentCount(ctx, view.policyName, view.policyType);
  return {
    AttachmentCount: count.users + count.roles,
    CreateDate: view.createDate,
    DefaultVersion: view.defaultVersion,
    Description: view.description,
    PolicyName: view.policyName,
    PolicyType: view.policyType,
    UpdateDate: view.updateDate,
  };
}

function policyListItem(ctx: Parameters<ServiceHandler>[0], view: PolicyView): Record<string, unknown> {
  return { ...policyFields(ctx, view), Tags: { Tag: (view.custom?.tags ?? []).map((t) => ({ TagKey: t.key, TagValue: t.value })) } };
}

const listPolicies: ServiceHandler = (ctx) => {
  const type = optional(ctx.params, "PolicyType");
  if (type !== undefined && type !== "System" && type !== "Custom") {
    throw ramErrors.invalid("PolicyType", "The parameter PolicyType must be System or Custom.");
  }
  const account = accountOf(ctx);
  ctx.authorize("ram:ListPolicies", arn.policy(account.uid, "*"));
  const views: PolicyView[] = [];
  if (type !== "Custom") for (const s of systemPolicies()) views.push(viewPolicy(s.policyName, "System", ctx)!);
  if (type !== "System") for (const c of Object.values(account.ram.policies)) views.push(viewPolicy(c.policyName, "Custom", ctx)!);
  const page = paginate(ctx.params, views, (v) => `${v.policyType}\n${nameKey(v.policyName)}`);
  return { ...pageFields(page), Policies: { Policy: page.items.map((v) => policyListItem(ctx, v)) } };
};

const listEntitiesForPolicy: ServiceHandler = (ctx) => {
  const policyName = name(ctx.params, "PolicyName");
  const type: PolicyType = policyType(ctx.params);
  ctx.authorize("ram:ListEntitiesForPolicy", policyArnFor(ctx, policyName, type));
  const view = requirePolicy(ctx, policyName, type);
  const ram = accountOf(ctx).ram;
  const attachedDate = (list: { policyName: string; policyType: PolicyType; attachDate: string }[]) =>
    list.find((a) => a.policyType === type && nameKey(a.policyName) === nameKey(view.policyName))?.attachDate;
  const users = Object.values(ram.users).flatMap((u) => {
    const date = attachedDate(u.attachments);
    return date ? [{ UserId: u.userId, UserName: u.userName, DisplayName: u.displayName, AttachDate: date }] : [];
  });
  const roles = Object.values(ram.roles).flatMap((r) => {
    const date = attachedDate(r.attachments);
    return date ? [{ RoleId: r.roleId, RoleName: r.roleName, Arn: r.arn, Description: r.description, AttachDate: date }] : [];
  });
  return { Users: { User: users }, Roles: { Role: roles }, Groups: { Group: [] } };
};

export const policyHandlers: Record<string, ServiceHandler> = {
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  DeletePolicy: deletePolicy,
  ListPolicies: listPolicies,
  ListEntitiesForPolicy: listEntitiesForPolicy,
};
