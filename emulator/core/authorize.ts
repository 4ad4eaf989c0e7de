/**
 * `ctx.authorize(action, resource)`: the account owner may do anything; users and role sessions
 * are judged by their policies (ram/policy/evaluate.ts). A denial is POP 403 with the product's
 * documented code — `NoPermission` for RAM/STS, `NoPrivilege` for CR (acr-api.md §1.5) — plus the
 * `AccessDeniedDetail` newer gateways send, which the official SDKs surface.
 */

import { conditionContext, type ConditionContext } from "../ram/policy/conditions";
import { authorizeWithPolicies } from "../ram/policy/evaluate";
import { ApiError, type Product } from "./context";
import type { ResolvedCaller } from "./resolve-principal";

export interface RequestEnvironment {
  peer: string;
  now: Date;
}

/** The global condition keys every request carries (ram-sts-signing.md §2.2). */
export function requestConditions(env: RequestEnvironment, extra: Record<string, string | undefined> = {}): ConditionContext {
  return conditionContext({
    "acs:CurrentTime": env.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    "acs:SourceIp": env.peer.replace(/^::ffff:/, ""),
    // The emulator speaks plain HTTP.
    "acs:SecureTransport": "false",
    "acs:MFAPresent": "false",
    ...extra,
  });
}

function denial(product: Product, caller: ResolvedCaller, action: string, type: string, policyType: string): ApiError {
  const detail = {
    AuthAction: action,
    AuthPrincipalDisplayName: caller.displayName,
    AuthPrincipalOwnerId: caller.principal.accountId,
    AuthPrincipalType: caller.identityType === "AssumedRoleUser" ? "AssumedRoleUser" : "SubUser",
    EncodedDiagnosticMessage: Buffer.from(JSON.stringify({ action, principal: caller.principal.arn })).toString("base64"),
    NoPermissionType: type,
    PolicyType: policyType,
  };
  return product === "cr"
    ? new ApiError("NoPrivilege", "Access denied for this user.", 403, "pop", { AccessDeniedDetail: detail })
    : new ApiError("NoPermission", "You are not authorized to do this action. You should be authorized by RAM.", 403, "pop", {
        AccessDeniedDetail: detail,
      });
}

export function makeAuthorizer(product: Product, caller: ResolvedCaller, env: RequestEnvironment): (action: string, resource: string) => void {
  if (!caller.policies) return () => undefined;
  const policies = caller.policies;
  let context: ConditionContext | undefined;
  return (action, resource) => {
    context ??= requestConditions(env);
    const result = authorizeWithPolicies(policies, { action, resource, context });
    if (result.decision !== "Allow") {
      throw denial(product, caller, action, result.decision, result.deciding ?? "AccountLevelIdentityBasedPolicy");
    }
  };
}
