/**
 * AssumeRole (ram-sts-signing.md §2.3, §3): the caller needs `sts:AssumeRole` on the role from its
 * own policies AND the role's trust policy must admit it; any explicit Deny wins. The answer is a
 * working temporary key (`STS.…` + secret + token) that the pipeline accepts until `Expiration`.
 */

import { formatTimestamp } from "../../sdk/signing";
import { requestConditions } from "../core/authorize";
import { newAccessKeySecret, newStsAccessKeyId } from "../core/ids";
import type { ServiceContext, ServiceHandler } from "../core/services";
import { gatewayErrors } from "../core/gateway-errors";
import { parsePolicyDocument, PolicyGrammarError } from "../ram/policy/document";
import { parseStored } from "../ram/policy/cache";
import { evaluateTrust } from "../ram/policy/trust";
import { nameKey } from "../ram/state";
import { stsErrors } from "./errors";
import { newSecurityToken, pruneSessions, type StsSession } from "./sessions";

export const STS_LIMITS = {
  minDurationSeconds: 900,
  defaultDurationSeconds: 3600,
  /** Current docs: 1–2048 characters (older docs: 1024 bytes). */
  policyLength: 2048,
  sessionName: { min: 2, max: 64 },
  externalId: { min: 2, max: 1224 },
} as const;

function param(ctx: ServiceContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined || value === "") throw gatewayErrors.missingParameter(name);
  return value;
}

function parseRoleArn(text: string): { accountId: string; roleName: string } {
  const match = /^acs:ram::(\d{1,32}):role\/([A-Za-z0-9.-]{1,64})$/i.exec(text);
  if (!match) throw stsErrors.invalid("RoleArn", "The parameter RoleArn is wrongly formed.");
  return { accountId: match[1]!, roleName: match[2]! };
}

function sessionPolicy(ctx: ServiceContext): string | undefined {
  const text = ctx.params.Policy;
  if (text === undefined || text === "") return undefined;
  if (text.length > STS_LIMITS.policyLength) {
    throw stsErrors.invalid("PolicySize", `The size of Policy must be smaller than ${STS_LIMITS.policyLength} bytes.`);
  }
  try {
    parsePolicyDocument(text, "identity");
  } catch (error) {
    if (error instanceof PolicyGrammarError) throw stsErrors.invalid("PolicyGrammar", `The parameter Policy has not passed grammar check. ${error.message}`);
    throw error;
  }
  return text;
}

function durationSeconds(ctx: ServiceContext): number {
  const text = ctx.params.DurationSeconds;
  if (text === undefined || text === "") return STS_LIMITS.defaultDurationSeconds;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < STS_LIMITS.minDurationSeconds) {
    throw stsErrors.invalid("DurationSeconds", "The Min/Max value of DurationSeconds is 15min/1hr.");
  }
  return value;
}

/** `InvalidParameter.ExternalId` is emulator-chosen: the reference gives the rule but no code. */
function externalId(ctx: ServiceContext): string | undefined {
  const value = ctx.params.ExternalId;
  if (value === undefined || value === "") return undefined;
  const { min, max } = STS_LIMITS.externalId;
  if (value.length < min || value.length > max || !/^[\w+=,.@:/-]+$/.test(value)) {
    throw stsErrors.invalid("ExternalId", `The parameter ExternalId must be ${min}-${max} characters of letters, digits and +=,.@:/-_.`);
  }
  return value;
}

const assumeRole: ServiceHandler = (ctx) => {
  const roleArn = param(ctx, "RoleArn");
  const target = parseRoleArn(roleArn);
  const sessionName = param(ctx, "RoleSessionName");
  const { min, max } = STS_LIMITS.sessionName;
  if (sessionName.length < min || sessionName.length > max || !/^[\w.@-]+$/.test(sessionName)) {
    throw stsErrors.invalid("RoleSessionName", "The parameter RoleSessionName is wrongly formed.");
  }
  const duration = durationSeconds(ctx);
  const policy = sessionPolicy(ctx);
  const external = externalId(ctx);

  const caller = ctx.caller;
  if (caller.kind === "root") throw stsErrors.rootCannotAssume();
  ctx.authorize("sts:AssumeRole", roleArn);
  const role = ctx.state.accounts[target.accountId]?.ram.roles[nameKey(target.roleName)];
  if (!role) throw stsErrors.roleNotExist();

  // A role session is trusted as its role (`acs:ram::<uid>:role/<name>`), a user as itself.
  const callerArn =
    caller.kind === "user"
      ? `acs:ram::${caller.accountId}:user/${caller.userName}`
      : `acs:ram::${caller.accountId}:role/${caller.roleName}`;
  const conditions = requestConditions({ peer: ctx.peer, now: ctx.now }, { "sts:ExternalId": external });
  const trust = evaluateTrust(parseStored(role.assumeRolePolicyDocument, "trust"), { kind: "ram", accountId: caller.accountId, arn: callerArn }, conditions);
  if (trust !== "Allow") throw stsErrors.notTrusted(role.arn);
  if (duration > role.maxSessionDuration) {
    throw stsErrors.invalid("DurationSeconds", `The Min/Max value of DurationSeconds is 15min/${role.maxSessionDuration / 3600}hr.`);
  }

  const accessKeyId = newStsAccessKeyId();
  const session: StsSession = {
    accessKeyId,
    accessKeySecret: newAccessKeySecret(),
    securityToken: newSecurityToken(accessKeyId),
    accountId: target.accountId,
    roleName: role.roleName,
    roleId: role.roleId,
    sessionName,
    expiration: formatTimestamp(new Date(ctx.now.getTime() + duration * 1000)),
    ...(policy !== undefined ? { policy } : {}),
  };
  pruneSessions(ctx.state.sts, ctx.now.getTime());
  ctx.state.sts.sessions[accessKeyId] = session;
  ctx.changed();
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      AccessKeySecret: session.accessKeySecret,
      SecurityToken: session.securityToken,
      Expiration: session.expiration,
    },
    AssumedRoleUser: {
      Arn: `${role.arn}/${sessionName}`,
      AssumedRoleId: `${role.roleId}:${sessionName}`,
    },
    ...(ctx.params.SourceIdentity ? { SourceIdentity: ctx.params.SourceIdentity } : {}),
  };
};

export const assumeRoleHandlers: Record<string, ServiceHandler> = { AssumeRole: assumeRole };
