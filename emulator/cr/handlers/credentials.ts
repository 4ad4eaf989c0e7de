/** Registry login credentials (acr-api.md §3.7); the mechanics live in registry-login.ts. */

import { arn } from "../arn";
import { CrCode, invalidParam } from "../errors";
import { ownInstance } from "../lookup";
import { ensure, optionalInt, required, type CrHandler } from "../params";
import { HOUR_MS, hashLoginPassword, issueToken } from "../registry-login";
import { LoginPassword } from "../rules";

export const ResetLoginPassword: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const password = required(ctx, "Password");
  // RAM action not documented; `cr:<ApiName>` follows the documented pattern (acr-api.md §4.2).
  ctx.authorize("cr:ResetLoginPassword", arn.instance(ctx, instanceId));
  const instance = ownInstance(ctx, instanceId);
  // The rule's message names the rule only, never the value.
  ensure(LoginPassword, password, CrCode.PasswordInvalid, "Password");
  instance.loginPasswordHash = hashLoginPassword(password);
  instance.modifiedTime = ctx.now.getTime();
  ctx.changed();
  return {};
};

/**
 * A temporary password valid `ExpiresInHours` (1–24, default 1). The docs say a token obtained with
 * STS lives as long as the STS token; the emulator applies the same hour rule to every caller.
 */
export const GetAuthorizationToken: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  ctx.authorize("cr:GetAuthorizationToken", arn.all);
  const instance = ownInstance(ctx, instanceId);
  const hours = optionalInt(ctx, "ExpiresInHours") ?? 1;
  if (hours < 1 || hours > 24) throw invalidParam("ExpiresInHours", "use 1 to 24.");
  const issued = issueToken(
    instance,
    { accountId: ctx.caller.accountId, principalArn: ctx.caller.arn },
    ctx.now.getTime(),
    hours * HOUR_MS,
  );
  ctx.changed();
  return { TempUsername: issued.username, AuthorizationToken: issued.token, ExpireTime: issued.expireTime };
};
