/** Finding policies, roles and users by name in the caller's account, with the documented not-found errors. */

import type { ServiceContext } from "../../core/services";
import { accountOf, arn } from "../common";
import { ramErrors } from "../errors";
import { nameKey, type CustomPolicyRecord, type PolicyType, type RoleRecord, type UserRecord } from "../state";
import { systemPolicy, SYSTEM_POLICY_DATE, type SystemPolicy } from "../system-policies";

/** A policy of either type, normalised for answers that cover both. */
export interface PolicyView {
  policyName: string;
  policyType: PolicyType;
  description: string;
  defaultVersion: string;
  createDate: string;
  updateDate: string;
  custom?: CustomPolicyRecord;
  system?: SystemPolicy;
}

export function viewPolicy(name: string, type: PolicyType, ctx: ServiceContext): PolicyView | undefined {
  if (type === "System") {
    const system = systemPolicy(name);
    if (!system) return undefined;
    return {
      policyName: system.policyName,
      policyType: "System",
      description: system.description,
      defaultVersion: "v1",
      createDate: SYSTEM_POLICY_DATE,
      updateDate: SYSTEM_POLICY_DATE,
      system,
    };
  }
  const custom = accountOf(ctx).ram.policies[nameKey(name)];
  if (!custom) return undefined;
  return {
    policyName: custom.policyName,
    policyType: "Custom",
    description: custom.description,
    defaultVersion: custom.defaultVersion,
    createDate: custom.createDate,
    updateDate: custom.updateDate,
    custom,
  };
}

export function requirePolicy(ctx: ServiceContext, policyName: string, type: PolicyType): PolicyView {
  const view = viewPolicy(policyName, type, ctx);
  if (!view) throw ramErrors.notExist("Policy", policyName);
  return view;
}

export function requireCustomPolicy(ctx: ServiceContext, policyName: string): CustomPolicyRecord {
  const policy = accountOf(ctx).ram.policies[nameKey(policyName)];
  if (!policy) throw ramErrors.notExist("Policy", policyName);
  return policy;
}

export function requireRole(ctx: ServiceContext, roleName: string): RoleRecord {
  const role = accountOf(ctx).ram.roles[nameKey(roleName)];
  if (!role) throw ramErrors.notExist("Role", roleName);
  return role;
}

export function requireUser(ctx: ServiceContext, userName: string): UserRecord {
  const user = accountOf(ctx).ram.users[nameKey(userName)];
  if (!user) throw ramErrors.notExist("User", userName);
  return user;
}

/** How many users and roles of the caller's account have this policy attached. */
export function attachmentCount(ctx: ServiceContext, policyName: string, type: PolicyType): { users: number; roles: number } {
  const ram = accountOf(ctx).ram;
  const matches = (a: { policyName: string; policyType: PolicyType }) => a.policyType === type && nameKey(a.policyName) === nameKey(policyName);
  return {
    users: Object.values(ram.users).filter((u) => u.attachments.some(matches)).length,
    roles: Object.values(ram.roles).filter((r) => r.attachments.some(matches)).length,
  };
}

export function policyArnFor(ctx: ServiceContext, policyName: string, type: PolicyType): string {
  return arn.policy(ctx.caller.accountId, policyName, type);
}
