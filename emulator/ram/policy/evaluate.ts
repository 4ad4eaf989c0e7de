/**
 * Identity-policy evaluation (ram-sts-signing.md §2.3): within a set, any matching Deny is an
 * explicit deny, else any matching Allow allows, else the request is implicitly denied. A session
 * policy (the AssumeRole `Policy`) is evaluated first and must allow on its own, so the caller gets
 * the intersection of session and role permissions.
 */

import { conditionsHold, type ConditionContext } from "./conditions";
import type { PolicyDocument, Statement } from "./document";
import { actionMatches, resourceMatches } from "./match";

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface RequestFacts {
  /** `<ram-code>:<Api>`, e.g. `ram:CreateRole`. */
  action: string;
  /** The resource ARN, e.g. `acs:ram::<uid>:role/<name>`. */
  resource: string;
  context: ConditionContext;
}

function actionApplies(statement: Statement, action: string): boolean {
  if (statement.actions) return actionMatches(statement.actions, action);
  // NotAction with Allow grants everything except the listed actions; it is not a Deny (§2.2).
  return !actionMatches(statement.notActions ?? [], action);
}

function resourceApplies(statement: Statement, resource: string): boolean {
  if (statement.resources) return resourceMatches(statement.resources, resource);
  if (statement.notResources) return !resourceMatches(statement.notResources, resource);
  return true;
}

export function statementApplies(statement: Statement, facts: RequestFacts): boolean {
  return (
    actionApplies(statement, facts.action) &&
    resourceApplies(statement, facts.resource) &&
    conditionsHold(statement.condition, facts.context)
  );
}

/** The basic rule over one set of documents. */
export function evaluatePolicies(documents: readonly PolicyDocument[], facts: RequestFacts): Decision {
  let allowed = false;
  for (const document of documents) {
    for (const statement of document.statements) {
      if (!statementApplies(statement, facts)) continue;
      if (statement.effect === "Deny") return "ExplicitDeny";
      allowed = true;
    }
  }
  return allowed ? "Allow" : "ImplicitDeny";
}

export interface PolicySet {
  /** Policies attached to the user or role. */
  identity: readonly PolicyDocument[];
  /** The AssumeRole session policy, when one was given. */
  session?: PolicyDocument;
}

export interface AuthorizationResult {
  decision: Decision;
  /** Which stage decided a denial, for AccessDeniedDetail. */
  deciding?: "SessionPolicy" | "AccountLevelIdentityBasedPolicy";
}

export function authorizeWithPolicies(policies: PolicySet, facts: RequestFacts): AuthorizationResult {
  if (policies.session) {
    const session = evaluatePolicies([policies.session], facts);
    if (session !== "Allow") return { decision: session, deciding: "SessionPolicy" };
  }
  const identity = evaluatePolicies(policies.identity, facts);
  return identity === "Allow" ? { decision: "Allow" } : { decision: identity, deciding: "AccountLevelIdentityBasedPolicy" };
}
