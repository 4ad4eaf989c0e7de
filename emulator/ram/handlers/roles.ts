/** CreateRole, GetRole, UpdateRole, DeleteRole, ListRoles (ram-sts-signing.md §1.2). */

import { newNumericId } from "../../core/ids";
import type { ServiceContext, ServiceHandler } from "../../core/services";
import { accountOf, arn, pageFields, paginate, stamp } from "../common";
import { ramErrors } from "../errors";
import { RAM_LENGTHS, RAM_LIMITS, SESSION_DURATION } from "../limits";
import { nameKey, type RoleRecord } from "../state";
import { integer, name, policyDocument, tags, text } from "../validate";

function roleFields(role: RoleRecord, withUpdate: boolean): Record<string, unknown> {
  return {
    Arn: role.arn,
    AssumeRolePolicyDocument: role.assumeRolePolicyDocument,
    CreateDate: role.createDate,
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    RoleId: role.roleId,
    RoleName: role.roleName,
    ...(withUpdate ? { UpdateDate: role.updateDate } : {}),
  };
}

/** The named role of the caller's account, after the caller is authorised for `action` on it. */
function existingRole(ctx: ServiceContext, action: string): RoleRecord {
  const roleName = name(ctx.params, "RoleName");
  const account = accountOf(ctx);
  ctx.authorize(action, arn.role(account.uid, roleName));
  const role = account.ram.roles[nameKey(roleName)];
  if (!role) throw ramErrors.notExist("Role", roleName);
  return role;
}

const createRole: ServiceHandler = (ctx) => {
  const p = ctx.params;
  const roleName = name(p, "RoleName");
  const document = policyDocument(p, "AssumeRolePolicyDocument", "trust", true)!;
  const description = text(p, "Description", RAM_LENGTHS.description) ?? "";
  const maxSessionDuration = integer(p, "MaxSessionDuration", SESSION_DURATION.min, SESSION_DURATION.max) ?? SESSION_DURATION.default;
  const roleTags = tags(p);
  const account = accountOf(ctx);
  ctx.authorize("ram:CreateRole", arn.role(account.uid, roleName));
  const roles = account.ram.roles;
  if (roles[nameKey(roleName)]) throw ramErrors.alreadyExists("Role", roleName);
  if (Object.keys(roles).length >= RAM_LIMITS.roles) throw ramErrors.limitExceeded("Role", "roles");

  const now = stamp(ctx);
  const role: RoleRecord = {
    roleName,
    roleId: newNumericId(19),
    arn: arn.role(account.uid, roleName),
    assumeRolePolicyDocument: document,
    description,
    maxSessionDuration,
    createDate: now,
    updateDate: now,
    tags: roleTags,
    attachments: [],
  };
  roles[nameKey(roleName)] = role;
  ctx.changed();
  return { Role: roleFields(role, false) };
};

const getRole: ServiceHandler = (ctx) => ({ Role: roleFields(existingRole(ctx, "ram:GetRole"), true) });

const updateRole: ServiceHandler = (ctx) => {
  const p = ctx.params;
  const document = policyDocument(p, "NewAssumeRolePolicyDocument", "trust", false);
  const description = text(p, "NewDescription", RAM_LENGTHS.description);
  const duration = integer(p, "NewMaxSessionDuration", SESSION_DURATION.min, SESSION_DURATION.max);
  const role = existingRole(ctx, "ram:UpdateRole");
  // An omitted field keeps its value: the "default 3600" wording in the docs is copied from CreateRole (§1.2).
  if (document !== undefined) role.assumeRolePolicyDocument = document;
  if (description !== undefined) role.description = description;
  if (duration !== undefined) role.maxSessionDuration = duration;
  role.updateDate = stamp(ctx);
  ctx.changed();
  return { Role: roleFields(role, true) };
};

const deleteRole: ServiceHandler = (ctx) => {
  const role = existingRole(ctx, "ram:DeleteRole");
  if (role.attachments.length > 0) {
    throw ramErrors.deleteConflict("Role.Policy", "The role cannot have any attached policies when you delete it.");
  }
  delete accountOf(ctx).ram.roles[nameKey(role.roleName)];
  ctx.changed();
  return {};
};

const listRoles: ServiceHandler = (ctx) => {
  const account = accountOf(ctx);
  ctx.authorize("ram:ListRoles", arn.role(account.uid, "*"));
  const wanted = tags(ctx.params);
  const matching = Object.values(account.ram.roles).filter((role) =>
    wanted.every((tag) => role.tags.some((t) => t.key === tag.key && (tag.value === "" || t.value === tag.value))),
  );
  const page = paginate(ctx.params, matching, (role) => `${role.createDate}\n${nameKey(role.roleName)}`);
  return {
    ...pageFields(page),
    Roles: {
      Role: page.items.map((role) => ({
        Arn: role.arn,
        CreateDate: role.createDate,
        Description: role.description,
        MaxSessionDuration: role.maxSessionDuration,
        RoleId: role.roleId,
        RoleName: role.roleName,
        UpdateDate: role.updateDate,
        Tags: { Tag: role.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
      })),
    },
  };
};

export const roleHandlers: Record<string, ServiceHandler> = {
  CreateRole: createRole,
  GetRole: getRole,
  UpdateRole: updateRole,
  DeleteRole: deleteRole,
  ListRoles: listRoles,
};
