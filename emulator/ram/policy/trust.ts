/**
 * Trust-policy evaluation (ram-sts-signing.md §2.4): may this principal perform `sts:AssumeRole`
 * on the role? `RAM: acs:ram::<uid>:root` admits every user and role session of that account,
 * `acs:ram::<uid>:user/<name>` one user, `acs:ram::<uid>:role/<name>` sessions of one role;
 * `Service` entries name a cloud service, including the cross-account form `<uid>@<svc>.aliyuncs.com`.
 * Principals are compared case-insensitively; Deny statements win.
 */

import { conditionsHold, type ConditionContext } from "./conditions";
import type { PolicyDocument } from "./document";
import type { Decision } from "./evaluate";
import { actionMatches, globMatch } from "./match";

export type TrustPrincipal =
  /** A RAM user or role session: its own ARN (`…:user/<name>` or `…:role/<name>`) and account. */
  | { kind: "ram"; accountId: string; arn: string }
  /** A cloud service acting on its own or for an account, e.g. `123…@cr.aliyuncs.com`. */
  | { kind: "service"; name: string };

const ASSUME_ROLE = "sts:AssumeRole";

function principalMatches(principal: Record<string, string[]>, caller: TrustPrincipal): boolean {
  if (caller.kind === "service") {
    return (principal.Service ?? []).some((pattern) => globMatch(pattern, caller.name, true));
  }
  const candidates = [caller.arn, `acs:ram::${caller.accountId}:root`];
  return (principal.RAM ?? []).some((pattern) => candidates.some((candidate) => globMatch(pattern, candidate, true)));
}

export function evaluateTrust(document: PolicyDocument, caller: TrustPrincipal, context: ConditionContext): Decision {
  let allowed = false;
  for (const statement of document.statements) {
    const actionOk = statement.actions
      ? actionMatches(statement.actions, ASSUME_ROLE)
      : !actionMatches(statement.notActions ?? [], ASSUME_ROLE);
    if (!actionOk || !statement.principal || !principalMatches(statement.principal, caller)) continue;
    if (!conditionsHold(statement.condition, context)) continue;
    if (statement.effect === "Deny") return "ExplicitDeny";
    allowed = true;
  }
  return allowed ? "Allow" : "ImplicitDeny";
}
