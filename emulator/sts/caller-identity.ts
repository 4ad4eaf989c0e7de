/**
 * GetCallerIdentity (ram-sts-signing.md §3): needs no permission. `UserId` only for the account
 * owner and RAM users, `RoleId` only for role sessions.
 */

import type { ServiceHandler } from "../core/services";

const getCallerIdentity: ServiceHandler = (ctx) => {
  const who = ctx.resolved;
  return {
    AccountId: who.principal.accountId,
    Arn: who.principal.arn,
    IdentityType: who.identityType,
    PrincipalId: who.principalId,
    ...(who.userId !== undefined ? { UserId: who.userId } : {}),
    ...(who.roleId !== undefined ? { RoleId: who.roleId } : {}),
  };
};

export const callerIdentityHandlers: Record<string, ServiceHandler> = { GetCallerIdentity: getCallerIdentity };
