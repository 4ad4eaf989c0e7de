/**
 * Attaching policies to roles and users, detaching, and listing what is attached
 * (ram-sts-signing.md §1.2). Per principal at most 5 custom and 20 system policies.
 * `EntityAlreadyExists.Role.Policy` 409 and `EntityNotExist.Role.Policy` 404 use the statuses the
 * reference infers by analogy with the user forms.
 */

import type { ServiceContext, ServiceHandler } from "../../core/services";
import { arn, stamp } from "../common";
import { ramErrors } from "../errors";
import { RAM_LIMITS } from "../limits";
import { nameKey, type Attachment, type PolicyType } from "../state";
import { name, policyType } from "../validate";
import { policyArnFor, requirePolicy, requireRole, requireUser, viewPolicy } from "./lookup";

type Target = "Role" | "User";

interface Holder {
  displayName: string;
  attachments: Attachment[];
}

function holderArn(ctx: ServiceContext, target: Target, holderName: string): string {
  return target === "Role" ? arn.role(ctx.caller.accountId, holderName) : arn.user(ctx.caller.accountId, holderName);
}

function findHolder(ctx: ServiceContext, target: Target, holderName: string): Holder {
  if (target === "Role") {
    const role = requireRole(ctx, holderName);
    return { displayName: role.roleName, attachments: role.attachments };
  }
  const user = requireUser(ctx, holderName);
  return { displayName: user.userName, attachments: user.attachments };
}

function sameAttachment(a: Attachment, policyName: string, type: PolicyType): boolean {
  return a.policyType === type && nameKey(a.policyName) === nameKey(policyName);
}

/** Attach and detach read the same parameters and need the action on both the policy and the holder. */
function attachmentRequest(ctx: Parameters<ServiceHandler>[0], target: Target, action: string) {
  const type = policyType(ctx.params);
  const policyName = name(ctx.params, "PolicyName");
  const holderName = name(ctx.params, target === "Role" ? "RoleName" : "UserName");
  ctx.authorize(action, policyArnFor(ctx, policyName, type));
  ctx.authorize(action, holderArn(ctx, target, holderName));
  return { type, policyName, holder: findHolder(ctx, target, holderName) };
}

function attach(target: Target): ServiceHandler {
  return (ctx) => {
    const { type, policyName, holder } = attachmentRequest(ctx, target, `ram:AttachPolicyTo${target}`);
    const policy = requirePolicy(ctx, policyName, type);
    if (holder.attachments.some((a) => sameAttachment(a, policy.policyName, type))) {
      throw ramErrors.alreadyExists(`${target}.Policy`, `${policy.policyName} on ${holder.displayName}`);
    }
    const limit = type === "System" ? RAM_LIMITS.systemPoliciesPerPrincipal : RAM_LIMITS.customPoliciesPerPrincipal;
    if (holder.attachments.filter((a) => a.policyType === type).length >= limit) {
      throw ramErrors.limitExceeded(`${target}.Policy`, `${type} policies attached to the ${target.toLowerCase()}`);
    }
    holder.attachments.push({ policyName: policy.policyName, policyType: type, attachDate: stamp(ctx) });
    ctx.changed();
    return {};
  };
}

function detach(target: Target): ServiceHandler {
  return (ctx) => {
    const { type, policyName, holder } = attachmentRequest(ctx, target, `ram:DetachPolicyFrom${target}`);
    requirePolicy(ctx, policyName, type);
    const index = holder.attachments.findIndex((a) => sameAttachment(a, policyName, type));
    if (index < 0) throw ramErrors.notExist(`${target}.Policy`, `${policyName} on ${holder.displayName}`);
    holder.attachments.splice(index, 1);
    ctx.changed();
    return {};
  };
}

function listFor(target: Target): ServiceHandler {
  return (ctx) => {
    const holderName = name(ctx.params, target === "Role" ? "RoleName" : "UserName");
    ctx.authorize(`ram:ListPoliciesFor${target}`, holderArn(ctx, target, holderName));
    const holder = findHolder(ctx, target, holderName);
    return {
      Policies: {
        Policy: holder.attachments.map((a) => {
          const view = viewPolicy(a.policyName, a.policyType, ctx);
          return {
            PolicyName: a.policyName,
            PolicyType: a.policyType,
            Description: view?.description ?? "",
            DefaultVersion: view?.defaultVersion ?? "",
            AttachDate: a.attachDate,
          };
        }),
      },
    };
  };
}

export const attachmentHandlers: Record<string, ServiceHandler> = {
  AttachPolicyToRole: attach("Role"),
  DetachPolicyFromRole: detach("Role"),
  ListPoliciesForRole: listFor("Role"),
  AttachPolicyToUser: attach("User"),
  DetachPolicyFromUser: detach("User"),
  ListPoliciesForUser: listFor("User"),
};
