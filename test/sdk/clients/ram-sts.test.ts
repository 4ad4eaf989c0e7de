import { afterEach, describe, expect, it } from "vitest";
import { AcsError } from "../../../sdk/errors";
import { json } from "../transport/scripted-server";
import { startFakePop, type FakePop } from "./fake-pop";

let pop: FakePop | undefined;
afterEach(async () => {
  await pop?.close();
  pop = undefined;
});

const trust = JSON.stringify({ Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { RAM: ["acs:ram::123:root"] } }], Version: "1" });

describe("RamClient", () => {
  it("sends version 2015-05-01 without RegionId, tags as a JSON string, and parses the role", async () => {
    const role = { RoleName: "deployer", RoleId: 901234567890, Arn: "acs:ram::123:role/deployer", AssumeRolePolicyDocument: trust, MaxSessionDuration: 3600, CreateDate: "2025-01-01T00:00:00Z" };
    pop = await startFakePop({ CreateRole: { Role: role }, UpdateRole: { Role: { ...role, MaxSessionDuration: "7200" } } });
    const { ram } = pop.clients;
    const created = await ram.createRole({ RoleName: "deployer", AssumeRolePolicyDocument: trust, Tag: [{ Key: "team", Value: "infra" }] });
    expect(created.Role).toMatchObject({ RoleName: "deployer", RoleId: "901234567890", MaxSessionDuration: 3600 });
    const updated = await ram.updateRole({ RoleName: "deployer", NewMaxSessionDuration: 7200, NewDescription: "d" });
    expect(updated.Role.MaxSessionDuration).toBe(7200);
    expect(pop.calls).toEqual([
      { action: "CreateRole", version: "2015-05-01", params: { RoleName: "deployer", AssumeRolePolicyDocument: trust, Tag: '[{"Key":"team","Value":"infra"}]' } },
      { action: "UpdateRole", version: "2015-05-01", params: { RoleName: "deployer", NewMaxSessionDuration: "7200", NewDescription: "d" } },
    ]);
  });

  it("unwraps RAM's nested lists and reads a missing or empty wrapper as an empty list", async () => {
    pop = await startFakePop({
      ListRoles: (call) =>
        call.params.Marker === undefined
          ? { IsTruncated: true, Marker: "m2", Roles: { Role: [{ RoleName: "a", Tags: { Tag: [{ TagKey: "k", TagValue: "v" }] } }] } }
          : { IsTruncated: false, Roles: { Role: [{ RoleName: "b" }] } },
      ListPolicyVersions: { PolicyVersions: {} },
      ListPoliciesForRole: { Policies: { Policy: [{ PolicyName: "AliyunCRFullAccess", PolicyType: "System", AttachDate: "2025-01-01T00:00:00Z" }] } },
      ListPoliciesForUser: {},
    });
    const { ram } = pop.clients;
    const roles = await ram.listAllRoles();
    expect(roles).toEqual([{ RoleName: "a", Tags: [{ TagKey: "k", TagValue: "v" }] }, { RoleName: "b", Tags: [] }]);
    expect(pop.calls.map((c) => c.params.Marker)).toEqual([undefined, "m2"]);
    expect((await ram.listPolicyVersions({ PolicyName: "p", PolicyType: "Custom" })).PolicyVersions).toEqual([]);
    expect((await ram.listPoliciesForRole({ RoleName: "a" })).Policies).toEqual([
      { PolicyName: "AliyunCRFullAccess", PolicyType: "System", AttachDate: "2025-01-01T00:00:00Z" },
    ]);
    expect((await ram.listPoliciesForUser({ UserName: "u" })).Policies).toEqual([]);
  });

  it("reads GetPolicy's default version, accepting a boolean sent as a string", async () => {
    pop = await startFakePop({
      GetPolicy: {
        Policy: { PolicyName: "p", PolicyType: "Custom", DefaultVersion: "v2", AttachmentCount: 1 },
        DefaultPolicyVersion: { VersionId: "v2", IsDefaultVersion: "true", PolicyDocument: "{}" },
      },
    });
    const policy = await pop.clients.ram.getPolicy({ PolicyName: "p", PolicyType: "Custom" });
    expect(policy.DefaultPolicyVersion).toEqual({ VersionId: "v2", IsDefaultVersion: true, PolicyDocument: "{}" });
  });

  it("raises a 404 EntityNotExist.Role as a not-found AcsError", async () => {
    pop = await startFakePop({
      GetRole: () => json(404, { Code: "EntityNotExist.Role", Message: "The role does not exist.", RequestId: "R-404", HostId: "ram.aliyuncs.com" }),
    });
    const error = await pop.clients.ram.getRole({ RoleName: "nope" }).catch((e: unknown) => e);
    expect(AcsError.isNotFound(error)).toBe(true);
    expect(error).toMatchObject({ httpStatus: 404, requestId: "R-404", operation: "GetRole" });
  });
});

describe("StsClient", () => {
  it("assumes a role with the documented parameters and returns the temporary credentials", async () => {
    const body = {
      Credentials: { AccessKeyId: "STS.L4aBSCSJVMuKg5U1****", AccessKeySecret: "wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK****", SecurityToken: "CAIS" + "x".repeat(900), Expiration: "2015-04-09T11:52:19Z" },
      AssumedRoleUser: { Arn: "acs:ram::123:role/deployer/ci", AssumedRoleId: "344584339364951186:ci" },
    };
    pop = await startFakePop({ AssumeRole: body });
    const result = await pop.clients.sts.assumeRole({ RoleArn: "acs:ram::123:role/deployer", RoleSessionName: "ci", DurationSeconds: 900, ExternalId: "ext-1" });
    expect(result.Credentials).toEqual(body.Credentials);
    expect(result.AssumedRoleUser?.Arn).toBe("acs:ram::123:role/deployer/ci");
    expect(pop.calls[0]).toEqual({
      action: "AssumeRole", version: "2015-04-01",
      params: { RoleArn: "acs:ram::123:role/deployer", RoleSessionName: "ci", DurationSeconds: "900", ExternalId: "ext-1" },
    });
  });

  it("fails with InvalidResponse naming the field when the credentials are incomplete", async () => {
    pop = await startFakePop({ AssumeRole: { Credentials: { AccessKeyId: "STS.x", AccessKeySecret: "s" } } });
    const error = await pop.clients.sts.assumeRole({ RoleArn: "acs:ram::1:role/r", RoleSessionName: "s1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "InvalidResponse" });
    expect((error as Error).message).toContain("Credentials.SecurityToken");
  });

  it("reads GetCallerIdentity for a RAM user", async () => {
    pop = await startFakePop({
      GetCallerIdentity: { AccountId: "1968132000120000", Arn: "acs:ram::1968132000120000:user/admin", IdentityType: "RAMUser", UserId: 216959339000000, PrincipalId: "216959339000000" },
    });
    await expect(pop.clients.sts.getCallerIdentity()).resolves.toMatchObject({ IdentityType: "RAMUser", UserId: "216959339000000" });
    expect(pop.calls[0]).toEqual({ action: "GetCallerIdentity", version: "2015-04-01", params: {} });
  });
});
