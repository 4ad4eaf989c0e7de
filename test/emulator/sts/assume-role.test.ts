/**
 * STS AssumeRole and GetCallerIdentity end to end (raw signed requests): parameter rules with their
 * documented codes (ram-sts-signing.md §3), the caller-permission AND trust-policy requirement,
 * ExternalId conditions, cross-account and chained sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerKeys, rawV1, rawV3, start, userKeys, type Keys, type RawResponse, type RunningEmulator } from "../core/harness";

const RAM = "2015-05-01";
const STS = "2015-04-01";
let emulator: RunningEmulator;
let A: string;
let B: string;

const ram = (keys: Keys, action: string, query: Record<string, string>) => rawV3(emulator, { version: RAM, action, query, credentials: keys });
const assume = (keys: Keys, params: Record<string, string>) => rawV1(emulator, { method: "POST", version: STS, action: "AssumeRole", params, credentials: keys });

async function ok(response: Promise<RawResponse>): Promise<RawResponse> {
  const r = await response;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r;
}

function trust(principal: Record<string, unknown>, condition?: Record<string, unknown>): string {
  return JSON.stringify({
    Version: "1",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: principal, ...(condition ? { Condition: condition } : {}) }],
  });
}

function credentialsOf(response: RawResponse): Keys {
  const c = response.body.Credentials as Record<string, string>;
  return { accessKeyId: c.AccessKeyId!, accessKeySecret: c.AccessKeySecret!, securityToken: c.SecurityToken! };
}

beforeAll(async () => {
  emulator = await start();
  A = emulator.seed.accounts[0]!.uid;
  B = emulator.seed.accounts[1]!.uid;
  const ownerA = ownerKeys(emulator, 0);
  const ownerB = ownerKeys(emulator, 1);
  await ok(ram(ownerA, "CreateRole", { RoleName: "Shared", AssumeRolePolicyDocument: trust({ RAM: [`acs:ram::${A}:root`] }), MaxSessionDuration: "7200" }));
  await ok(ram(ownerA, "CreateRole", { RoleName: "ForB", AssumeRolePolicyDocument: trust({ RAM: [`acs:ram::${B}:root`] }) }));
  await ok(ram(ownerA, "CreateRole", { RoleName: "DevOnly", AssumeRolePolicyDocument: trust({ RAM: `acs:ram::${A}:user/dev` }) }));
  await ok(ram(ownerA, "CreateRole", { RoleName: "NotDev", AssumeRolePolicyDocument: trust({ RAM: `acs:ram::${A}:user/ops` }) }));
  await ok(ram(ownerA, "CreateRole", { RoleName: "Chained", AssumeRolePolicyDocument: trust({ RAM: `acs:ram::${A}:role/Shared` }) }));
  await ok(ram(ownerA, "CreateRole", { RoleName: "WithExternalId", AssumeRolePolicyDocument: trust({ RAM: `acs:ram::${A}:root` }, { StringEquals: { "sts:ExternalId": "ext-42" } }) }));
  for (const role of ["Shared", "ForB"]) {
    await ok(ram(ownerA, "AttachPolicyToRole", { PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", RoleName: role }));
  }
  await ok(ram(ownerA, "AttachPolicyToUser", { PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: "dev" }));
  await ok(ram(ownerB, "AttachPolicyToUser", { PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: "dev" }));
});
afterAll(async () => {
  await emulator?.stop();
});

describe("AssumeRole parameters", () => {
  const arn = () => `acs:ram::${A}:role/Shared`;
  const cases: Array<{ rule: string; params: () => Record<string, string>; code: string; status: number }> = [
    { rule: "RoleArn is required", params: () => ({ RoleSessionName: "s1" }), code: "MissingParameter", status: 400 },
    { rule: "RoleArn must be acs:ram::<uid>:role/<name>", params: () => ({ RoleArn: `acs:ram:${A}:role/Shared`, RoleSessionName: "s1" }), code: "InvalidParameter.RoleArn", status: 400 },
    { rule: "RoleSessionName is required", params: () => ({ RoleArn: arn() }), code: "MissingParameter", status: 400 },
    { rule: "RoleSessionName is at least 2 characters", params: () => ({ RoleArn: arn(), RoleSessionName: "x" }), code: "InvalidParameter.RoleSessionName", status: 400 },
    { rule: "RoleSessionName is at most 64 characters", params: () => ({ RoleArn: arn(), RoleSessionName: "x".repeat(65) }), code: "InvalidParameter.RoleSessionName", status: 400 },
    { rule: "RoleSessionName allows [\\w.@-] only", params: () => ({ RoleArn: arn(), RoleSessionName: "a b" }), code: "InvalidParameter.RoleSessionName", status: 400 },
    { rule: "DurationSeconds is at least 900", params: () => ({ RoleArn: arn(), RoleSessionName: "s1", DurationSeconds: "899" }), code: "InvalidParameter.DurationSeconds", status: 400 },
    { rule: "DurationSeconds is at most the role's MaxSessionDuration", params: () => ({ RoleArn: arn(), RoleSessionName: "s1", DurationSeconds: "7201" }), code: "InvalidParameter.DurationSeconds", status: 400 },
    { rule: "Policy is at most 2048 characters", params: () => ({ RoleArn: arn(), RoleSessionName: "s1", Policy: " ".repeat(2049) }), code: "InvalidParameter.PolicySize", status: 400 },
    { rule: "Policy must follow the grammar", params: () => ({ RoleArn: arn(), RoleSessionName: "s1", Policy: '{"Version":"1","Statement":[{"Effect":"Allow"}]}' }), code: "InvalidParameter.PolicyGrammar", status: 400 },
    { rule: "ExternalId allows [\\w+=,.@:/-] [emulator-chosen code]", params: () => ({ RoleArn: arn(), RoleSessionName: "s1", ExternalId: "a b" }), code: "InvalidParameter.ExternalId", status: 400 },
    { rule: "the role must exist", params: () => ({ RoleArn: `acs:ram::${A}:role/Ghost`, RoleSessionName: "s1" }), code: "EntityNotExist.Role", status: 404 },
  ];
  it.each(cases)("$rule → $code ($status), state unchanged", async ({ params, code, status }) => {
    const before = JSON.stringify(emulator.admin.state());
    const response = await assume(userKeys(emulator, 0), params());
    expect({ status: response.status, code: response.body.Code }).toEqual({ status, code });
    expect(JSON.stringify(emulator.admin.state())).toBe(before);
  });
});

describe("who may assume a role", () => {
  it("issues working credentials for the maximum duration the role allows", async () => {
    const response = await ok(assume(userKeys(emulator, 0), { RoleArn: `acs:ram::${A}:role/Shared`, RoleSessionName: "max", DurationSeconds: "7200" }));
    const expiration = Date.parse((response.body.Credentials as Record<string, string>).Expiration!);
    expect(expiration - Date.now()).toBeGreaterThan(7100_000);
    expect(expiration - Date.now()).toBeLessThanOrEqual(7200_000);
  });

  it("admits a named user and refuses a user the trust policy does not name", async () => {
    await ok(assume(userKeys(emulator, 0), { RoleArn: `acs:ram::${A}:role/DevOnly`, RoleSessionName: "named" }));
    const refused = await assume(userKeys(emulator, 0), { RoleArn: `acs:ram::${A}:role/NotDev`, RoleSessionName: "named" });
    expect({ status: refused.status, code: refused.body.Code }).toEqual({ status: 403, code: "NoPermission" });
  });

  it("lets another account's user assume a role whose trust policy names that account", async () => {
    const response = await ok(assume(userKeys(emulator, 1), { RoleArn: `acs:ram::${A}:role/ForB`, RoleSessionName: "from-b" }));
    const identity = await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials: credentialsOf(response) });
    expect(identity.body).toMatchObject({ AccountId: A, IdentityType: "AssumedRoleUser", Arn: `acs:ram::${A}:role/ForB/from-b` });
    const refused = await assume(userKeys(emulator, 1), { RoleArn: `acs:ram::${A}:role/Shared`, RoleSessionName: "from-b" });
    expect({ status: refused.status, code: refused.body.Code }).toEqual({ status: 403, code: "NoPermission" });
  });

  it("lets a role session assume a role that trusts its role (chaining)", async () => {
    const first = credentialsOf(await ok(assume(userKeys(emulator, 0), { RoleArn: `acs:ram::${A}:role/Shared`, RoleSessionName: "hop1" })));
    const second = await ok(assume(first, { RoleArn: `acs:ram::${A}:role/Chained`, RoleSessionName: "hop2" }));
    expect((second.body.AssumedRoleUser as Record<string, string>).Arn).toBe(`acs:ram::${A}:role/Chained/hop2`);
  });

  it("requires the ExternalId the trust policy names", async () => {
    const arn = `acs:ram::${A}:role/WithExternalId`;
    const without = await assume(userKeys(emulator, 0), { RoleArn: arn, RoleSessionName: "ext" });
    expect({ status: without.status, code: without.body.Code }).toEqual({ status: 403, code: "NoPermission" });
    const wrong = await assume(userKeys(emulator, 0), { RoleArn: arn, RoleSessionName: "ext", ExternalId: "ext-41" });
    expect(wrong.status).toBe(403);
    await ok(assume(userKeys(emulator, 0), { RoleArn: arn, RoleSessionName: "ext", ExternalId: "ext-42" }));
  });

  it("refuses a user whose policies do not grant sts:AssumeRole, even when trusted", async () => {
    const ownerA = ownerKeys(emulator, 0);
    await ok(ram(ownerA, "DetachPolicyFromUser", { PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: "dev" }));
    try {
      const refused = await assume(userKeys(emulator, 0), { RoleArn: `acs:ram::${A}:role/Shared`, RoleSessionName: "noperm" });
      expect({ status: refused.status, code: refused.body.Code }).toEqual({ status: 403, code: "NoPermission" });
      expect(refused.body.AccessDeniedDetail).toMatchObject({ AuthAction: "sts:AssumeRole", NoPermissionType: "ImplicitDeny" });
    } finally {
      await ok(ram(ownerA, "AttachPolicyToUser", { PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: "dev" }));
    }
  });

  it("gives a session of a deleted role no permissions", async () => {
    const ownerA = ownerKeys(emulator, 0);
    await ok(ram(ownerA, "CreateRole", { RoleName: "Doomed", AssumeRolePolicyDocument: trust({ RAM: `acs:ram::${A}:root` }) }));
    await ok(ram(ownerA, "AttachPolicyToRole", { PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", RoleName: "Doomed" }));
    const session = credentialsOf(await ok(assume(userKeys(emulator, 0), { RoleArn: `acs:ram::${A}:role/Doomed`, RoleSessionName: "doomed" })));
    await ok(ram(session, "GetRole", { RoleName: "Doomed" }));
    await ok(ram(ownerA, "DetachPolicyFromRole", { PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", RoleName: "Doomed" }));
    await ok(ram(ownerA, "DeleteRole", { RoleName: "Doomed" }));
    await ok(ram(ownerA, "CreateRole", { RoleName: "Doomed", AssumeRolePolicyDocument: trust({ RAM: `acs:ram::${A}:root` }) }));
    await ok(ram(ownerA, "AttachPolicyToRole", { PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", RoleName: "Doomed" }));
    // Same name, new role: the old session does not inherit it.
    const denied = await ram(session, "GetRole", { RoleName: "Doomed" });
    expect({ status: denied.status, code: denied.body.Code }).toEqual({ status: 403, code: "NoPermission" });
  });
});
