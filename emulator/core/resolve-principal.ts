/**
 * Step 3: from the verified key to the caller: its Principal (context.ts) and the policies that
 * authorize it. The account owner needs no policies; a RAM user gets its attached policies; a role
 * session gets the role's policies plus its session policy.
 */

import { rolePolicies, userPolicies } from "../ram/identity";
import { parseStored } from "../ram/policy/cache";
import type { PolicySet } from "../ram/policy/evaluate";
import type { Principal } from "./context";
import type { KeyOwner } from "./keys";
import type { EmulatorState } from "./state";

export interface ResolvedCaller {
  principal: Principal;
  /** Undefined for the account owner, who may do anything. */
  policies?: PolicySet;
  /** For GetCallerIdentity and AccessDeniedDetail. */
  identityType: "Account" | "RAMUser" | "AssumedRoleUser";
  userId?: string;
  roleId?: string;
  /** `UserId` for a user, `<RoleId>:<session>` for a role session, the UID for the owner. */
  principalId: string;
  displayName: string;
}

export function resolvePrincipal(state: EmulatorState, owner: KeyOwner, accessKeyId: string): ResolvedCaller {
  if (owner.kind === "root") {
    const uid = owner.account.uid;
    return {
      principal: { kind: "root", accountId: uid, arn: `acs:ram::${uid}:root`, accessKeyId },
      identityType: "Account",
      userId: uid,
      principalId: uid,
      displayName: owner.account.name,
    };
  }
  if (owner.kind === "user") {
    const { account, user } = owner;
    return {
      principal: {
        kind: "user",
        accountId: account.uid,
        arn: `acs:ram::${account.uid}:user/${user.userName}`,
        userName: user.userName,
        accessKeyId,
      },
      policies: { identity: userPolicies(account.ram, user.userName) },
      identityType: "RAMUser",
      userId: user.userId,
      principalId: user.userId,
      displayName: user.userName,
    };
  }
  const session = owner.session;
  const ram = state.accounts[session.accountId]?.ram;
  return {
    principal: {
      kind: "role-session",
      accountId: session.accountId,
      // The AssumeRole AssumedRoleUser.Arn form (ram-sts-signing.md §3).
      arn: `acs:ram::${session.accountId}:role/${session.roleName}/${session.sessionName}`,
      roleName: session.roleName,
      sessionName: session.sessionName,
      accessKeyId,
    },
    policies: {
      identity: ram ? rolePolicies(ram, session.roleName, session.roleId) : [],
      session: session.policy ? parseStored(session.policy, "identity") : undefined,
    },
    identityType: "AssumedRoleUser",
    roleId: session.roleId,
    principalId: `${session.roleId}:${session.sessionName}`,
    displayName: `${session.roleName}:${session.sessionName}`,
  };
}
