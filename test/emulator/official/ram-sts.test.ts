/**
 * Every RAM and STS operation the emulator serves, driven by the UNMODIFIED official clients
 * (@alicloud/ram20150501, @alicloud/sts20150401) — only endpoint, protocol and credentials are
 * set. The whole suite runs twice: V3 signing (the clients' default) and V1 (`signatureAlgorithm:
 * "v2"`). Expectations come from the SDK models (field names, wrappers) and ram-sts-signing.md.
 */
import * as $Ram from "@alicloud/ram20150501";
import * as $Sts from "@alicloud/sts20150401";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerKeys, ramClient, start, stsClient, userKeys, type Keys, type RunningEmulator } from "../core/harness";

/** What an official client throws: a ClientError/ServerError with the service code and HTTP status. */
async function failure(call: Promise<unknown>): Promise<{ code: string; statusCode: number; message: string; data?: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    return error as { code: string; statusCode: number; message: string };
  }
  throw new Error("expected the call to fail");
}

const trustAccount = (uid: string) =>
  JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uid}:root`] } }] });

const policyDoc = (actions: string[]) => JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });

describe.each([
  { mode: "V3 (default signing)", v2: false },
  { mode: "V1 (signatureAlgorithm v2)", v2: true },
])("official RAM/STS clients, $mode", ({ v2 }) => {
  let emulator: RunningEmulator;
  let owner: Keys;
  let uid: string;
  const ram = (keys: Keys = owner) => ramClient(emulator, keys, v2);
  const sts = (keys: Keys) => stsClient(emulator, keys, v2);

  beforeAll(async () => {
    emulator = await start();
    owner = ownerKeys(emulator);
    uid = emulator.seed.accounts[0]!.uid;
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("creates, reads, updates, lists and deletes a role", async () => {
    const created = await ram().createRole(
      new $Ram.CreateRoleRequest({
        roleName: "Deployer",
        assumeRolePolicyDocument: trustAccount(uid),
        description: "deploys * to ~prod 中",
        maxSessionDuration: 7200,
      }),
    );
    expect(created.statusCode).toBe(200);
    expect(created.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(created.body?.role).toMatchObject({
      arn: `acs:ram::${uid}:role/Deployer`,
      roleName: "Deployer",
      description: "deploys * to ~prod 中",
      maxSessionDuration: 7200,
      assumeRolePolicyDocument: trustAccount(uid),
    });
    expect(created.body?.role?.roleId).toMatch(/^\d+$/);

    const got = await ram().getRole(new $Ram.GetRoleRequest({ roleName: "deployer" }));
    expect(got.body?.role?.roleName).toBe("Deployer");
    expect(got.body?.role?.updateDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const updated = await ram().updateRole(new $Ram.UpdateRoleRequest({ roleName: "Deployer", newDescription: "changed", newMaxSessionDuration: 3600 }));
    expect(updated.body?.role).toMatchObject({ description: "changed", maxSessionDuration: 3600, assumeRolePolicyDocument: trustAccount(uid) });

    await ram().createRole(new $Ram.CreateRoleRequest({ roleName: "Second", assumeRolePolicyDocument: trustAccount(uid) }));
    const page1 = await ram().listRoles(new $Ram.ListRolesRequest({ maxItems: 1 }));
    expect(page1.body?.isTruncated).toBe(true);
    expect(page1.body?.roles?.role).toHaveLength(1);
    const page2 = await ram().listRoles(new $Ram.ListRolesRequest({ maxItems: 1, marker: page1.body?.marker }));
    expect(page2.body?.isTruncated).toBe(false);
    const names = [...(page1.body?.roles?.role ?? []), ...(page2.body?.roles?.role ?? [])].map((r) => r.roleName);
    expect(names.sort()).toEqual(["Deployer", "Second"]);

    const dup = await failure(ram().createRole(new $Ram.CreateRoleRequest({ roleName: "DEPLOYER", assumeRolePolicyDocument: trustAccount(uid) })));
    expect(dup).toMatchObject({ code: "EntityAlreadyExists.Role", statusCode: 409 });

    await ram().deleteRole(new $Ram.DeleteRoleRequest({ roleName: "Second" }));
    expect(await failure(ram().getRole(new $Ram.GetRoleRequest({ roleName: "Second" })))).toMatchObject({ code: "EntityNotExist.Role", statusCode: 404 });
  });

  it("creates, reads and deletes a custom policy, and reads a system one", async () => {
    const created = await ram().createPolicy(
      new $Ram.CreatePolicyRequest({ policyName: "cr-read", policyDocument: policyDoc(["cr:Get*"]), description: "read CR" }),
    );
    expect(created.body?.policy).toMatchObject({ policyName: "cr-read", policyType: "Custom", defaultVersion: "v1", description: "read CR" });

    const got = await ram().getPolicy(new $Ram.GetPolicyRequest({ policyName: "cr-read", policyType: "Custom" }));
    expect(got.body?.policy).toMatchObject({ policyName: "cr-read", attachmentCount: 0, defaultVersion: "v1" });
    expect(got.body?.defaultPolicyVersion).toMatchObject({ versionId: "v1", isDefaultVersion: true, policyDocument: policyDoc(["cr:Get*"]) });

    const system = await ram().getPolicy(new $Ram.GetPolicyRequest({ policyName: "AliyunContainerRegistryFullAccess", policyType: "System" }));
    expect(system.body?.policy?.policyType).toBe("System");
    expect(JSON.parse(system.body?.defaultPolicyVersion?.policyDocument ?? "{}")).toMatchObject({ Version: "1" });

    const malformed = await failure(ram().createPolicy(new $Ram.CreatePolicyRequest({ policyName: "bad", policyDocument: '{"Version":"1"}' })));
    expect(malformed).toMatchObject({ code: "MalformedPolicyDocument", statusCode: 400 });

    await ram().deletePolicy(new $Ram.DeletePolicyRequest({ policyName: "cr-read" }));
    expect(await failure(ram().getPolicy(new $Ram.GetPolicyRequest({ policyName: "cr-read", policyType: "Custom" })))).toMatchObject({
      code: "EntityNotExist.Policy",
      statusCode: 404,
    });
  });

  it("manages policy versions: create, set default, list, get, delete, the five-version limit and rotation", async () => {
    await ram().createPolicy(new $Ram.CreatePolicyRequest({ policyName: "versioned", policyDocument: policyDoc(["cr:GetInstance"]) }));
    const v2doc = policyDoc(["cr:GetInstance", "cr:ListInstance"]);
    const v2 = await ram().createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: "versioned", policyDocument: v2doc, setAsDefault: true }));
    expect(v2.body?.policyVersion).toMatchObject({ versionId: "v2", isDefaultVersion: true, policyDocument: v2doc });

    for (const n of [3, 4, 5]) {
      const made = await ram().createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: "versioned", policyDocument: policyDoc([`cr:Get${n}`]) }));
      expect(made.body?.policyVersion).toMatchObject({ versionId: `v${n}`, isDefaultVersion: false });
    }
    const full = await failure(ram().createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: "versioned", policyDocument: policyDoc(["cr:Get6"]) })));
    expect(full).toMatchObject({ code: "LimitExceeded.Policy.Version", statusCode: 409 });

    const rotated = await ram().createPolicyVersion(
      new $Ram.CreatePolicyVersionRequest({
        policyName: "versioned",
        policyDocument: policyDoc(["cr:Get6"]),
        rotateStrategy: "DeleteOldestNonDefaultVersionWhenLimitExceeded",
      }),
    );
    expect(rotated.body?.policyVersion?.versionId).toBe("v6");
    const listed = await ram().listPolicyVersions(new $Ram.ListPolicyVersionsRequest({ policyName: "versioned", policyType: "Custom" }));
    // v1 was the oldest non-default version, so rotation removed it.
    expect(listed.body?.policyVersions?.policyVersion?.map((v) => v.versionId)).toEqual(["v2", "v3", "v4", "v5", "v6"]);

    await ram().setDefaultPolicyVersion(new $Ram.SetDefaultPolicyVersionRequest({ policyName: "versioned", versionId: "v6" }));
    const v6 = await ram().getPolicyVersion(new $Ram.GetPolicyVersionRequest({ policyName: "versioned", policyType: "Custom", versionId: "v6" }));
    expect(v6.body?.policyVersion?.isDefaultVersion).toBe(true);

    const deleteDefault = await failure(ram().deletePolicyVersion(new $Ram.DeletePolicyVersionRequest({ policyName: "versioned", versionId: "v6" })));
    expect(deleteDefault).toMatchObject({ code: "DeleteConflict.Policy.Version.Default", statusCode: 409 });
    await ram().deletePolicyVersion(new $Ram.DeletePolicyVersionRequest({ policyName: "versioned", versionId: "v2" }));

    const conflict = await failure(ram().deletePolicy(new $Ram.DeletePolicyRequest({ policyName: "versioned" })));
    expect(conflict).toMatchObject({ code: "DeleteConflict.Policy.Version", statusCode: 409 });
    await ram().deletePolicy(new $Ram.DeletePolicyRequest({ policyName: "versioned", cascadingDelete: true }));
  });

  it("attaches, lists and detaches policies on roles and users", async () => {
    await ram().createRole(new $Ram.CreateRoleRequest({ roleName: "Attached", assumeRolePolicyDocument: trustAccount(uid) }));
    await ram().createPolicy(new $Ram.CreatePolicyRequest({ policyName: "attach-me", policyDocument: policyDoc(["ram:GetRole"]) }));
    await ram().attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyType: "Custom", policyName: "attach-me", roleName: "Attached" }));
    await ram().attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyType: "System", policyName: "AliyunRAMReadOnlyAccess", roleName: "Attached" }));
    const again = await failure(ram().attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyType: "Custom", policyName: "attach-me", roleName: "Attached" })));
    expect(again).toMatchObject({ code: "EntityAlreadyExists.Role.Policy", statusCode: 409 });

    const forRole = await ram().listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: "Attached" }));
    expect(forRole.body?.policies?.policy?.map((p) => `${p.policyType}:${p.policyName}`)).toEqual(["Custom:attach-me", "System:AliyunRAMReadOnlyAccess"]);
    expect(forRole.body?.policies?.policy?.[0]?.attachDate).toMatch(/Z$/);

    expect(await failure(ram().deleteRole(new $Ram.DeleteRoleRequest({ roleName: "Attached" })))).toMatchObject({ code: "DeleteConflict.Role.Policy", statusCode: 409 });
    expect(await failure(ram().deletePolicy(new $Ram.DeletePolicyRequest({ policyName: "attach-me" })))).toMatchObject({ code: "DeleteConflict.Role.Policy", statusCode: 409 });
    const counted = await ram().getPolicy(new $Ram.GetPolicyRequest({ policyName: "attach-me", policyType: "Custom" }));
    expect(counted.body?.policy?.attachmentCount).toBe(1);

    await ram().detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ policyType: "Custom", policyName: "attach-me", roleName: "Attached" }));
    await ram().detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ policyType: "System", policyName: "AliyunRAMReadOnlyAccess", roleName: "Attached" }));
    const gone = await failure(ram().detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ policyType: "Custom", policyName: "attach-me", roleName: "Attached" })));
    expect(gone).toMatchObject({ code: "EntityNotExist.Role.Policy", statusCode: 404 });
    await ram().deleteRole(new $Ram.DeleteRoleRequest({ roleName: "Attached" }));

    const userName = emulator.seed.accounts[0]!.users[0]!.name;
    await ram().attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: "Custom", policyName: "attach-me", userName }));
    const forUser = await ram().listPoliciesForUser(new $Ram.ListPoliciesForUserRequest({ userName }));
    expect(forUser.body?.policies?.policy?.map((p) => p.policyName)).toEqual(["attach-me"]);
    expect(await failure(ram().deletePolicy(new $Ram.DeletePolicyRequest({ policyName: "attach-me" })))).toMatchObject({ code: "DeleteConflict.Policy.User", statusCode: 409 });
    await ram().detachPolicyFromUser(new $Ram.DetachPolicyFromUserRequest({ policyType: "Custom", policyName: "attach-me", userName }));
    expect((await ram().listPoliciesForUser(new $Ram.ListPoliciesForUserRequest({ userName }))).body?.policies?.policy).toEqual([]);
    await ram().deletePolicy(new $Ram.DeletePolicyRequest({ policyName: "attach-me" }));
  });

  it("creates users and access keys that sign requests at once, then deletes them", async () => {
    const created = await ram().createUser(new $Ram.CreateUserRequest({ userName: "ci.bot_1", displayName: "CI bot", comments: "for tests" }));
    expect(created.body?.user).toMatchObject({ userName: "ci.bot_1", displayName: "CI bot", comments: "for tests" });
    expect(created.body?.user?.userId).toMatch(/^\d{16}$/);
    expect((await ram().getUser(new $Ram.GetUserRequest({ userName: "ci.bot_1" }))).body?.user?.updateDate).toMatch(/Z$/);

    const key = await ram().createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: "ci.bot_1" }));
    expect(key.body?.accessKey).toMatchObject({ status: "Active" });
    expect(key.body?.accessKey?.accessKeyId).toMatch(/^LTAI/);
    const botKeys = { accessKeyId: key.body!.accessKey!.accessKeyId!, accessKeySecret: key.body!.accessKey!.accessKeySecret! };
    const whoAmI = await sts(botKeys).getCallerIdentity();
    expect(whoAmI.body).toMatchObject({ accountId: uid, identityType: "RAMUser", arn: `acs:ram::${uid}:user/ci.bot_1`, userId: created.body?.user?.userId });

    // A user without policies may not touch RAM.
    const denied = await failure(ram(botKeys).listRoles(new $Ram.ListRolesRequest({})));
    expect(denied).toMatchObject({ code: "NoPermission", statusCode: 403 });

    expect(await failure(ram().deleteUser(new $Ram.DeleteUserRequest({ userName: "ci.bot_1" })))).toMatchObject({
      code: "DeleteConflict.User.AccessKey",
      statusCode: 409,
    });
    await ram().deleteAccessKey(new $Ram.DeleteAccessKeyRequest({ userName: "ci.bot_1", userAccessKeyId: botKeys.accessKeyId }));
    expect(await failure(sts(botKeys).getCallerIdentity())).toMatchObject({ code: "InvalidAccessKeyId.NotFound", statusCode: 404 });
    await ram().deleteUser(new $Ram.DeleteUserRequest({ userName: "ci.bot_1" }));
    expect(await failure(ram().getUser(new $Ram.GetUserRequest({ userName: "ci.bot_1" })))).toMatchObject({ code: "EntityNotExist.User", statusCode: 404 });
  });

  it("answers GetCallerIdentity for the account owner", async () => {
    const me = await sts(owner).getCallerIdentity();
    expect(me.body).toMatchObject({ accountId: uid, identityType: "Account", arn: `acs:ram::${uid}:root`, principalId: uid });
  });

  it("assumes a role, uses the temporary credentials on RAM within the role's and the session's policies, and rejects them once expired", async () => {
    const user = userKeys(emulator);
    const userName = emulator.seed.accounts[0]!.users[0]!.name;
    await ram().createRole(new $Ram.CreateRoleRequest({ roleName: "Reader", assumeRolePolicyDocument: trustAccount(uid) }));
    await ram().attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyType: "System", policyName: "AliyunRAMReadOnlyAccess", roleName: "Reader" }));
    const roleArn = `acs:ram::${uid}:role/Reader`;

    // Without sts:AssumeRole the user is refused, even though the trust policy admits its account.
    const refused = await failure(sts(user).assumeRole(new $Sts.AssumeRoleRequest({ roleArn, roleSessionName: "s1" })));
    expect(refused).toMatchObject({ code: "NoPermission", statusCode: 403 });
    await ram().attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: "System", policyName: "AliyunSTSAssumeRoleAccess", userName }));

    const assumed = await sts(user).assumeRole(new $Sts.AssumeRoleRequest({ roleArn, roleSessionName: "s1", durationSeconds: 900 }));
    const c = assumed.body!.credentials!;
    expect(c.accessKeyId).toMatch(/^STS\./);
    expect(c.securityToken).toMatch(/^CAIS/);
    expect(Date.parse(c.expiration!) - Date.now()).toBeGreaterThan(800_000);
    expect(assumed.body?.assumedRoleUser).toMatchObject({ arn: `${roleArn}/s1` });
    expect(assumed.body?.assumedRoleUser?.assumedRoleId).toMatch(/^\d+:s1$/);

    const temp = { accessKeyId: c.accessKeyId!, accessKeySecret: c.accessKeySecret!, securityToken: c.securityToken! };
    const identity = await sts(temp).getCallerIdentity();
    expect(identity.body).toMatchObject({ accountId: uid, identityType: "AssumedRoleUser", arn: `${roleArn}/s1` });
    expect(identity.body?.roleId).toMatch(/^\d+$/);
    expect(identity.body?.principalId).toBe(`${identity.body?.roleId}:s1`);

    expect((await ram(temp).getRole(new $Ram.GetRoleRequest({ roleName: "Reader" }))).body?.role?.roleName).toBe("Reader");
    const readOnly = await failure(ram(temp).createRole(new $Ram.CreateRoleRequest({ roleName: "Nope", assumeRolePolicyDocument: trustAccount(uid) })));
    expect(readOnly).toMatchObject({ code: "NoPermission", statusCode: 403 });

    // A session policy narrows the role further: GetRole only.
    const narrow = await sts(user).assumeRole(
      new $Sts.AssumeRoleRequest({ roleArn, roleSessionName: "narrow", policy: JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "ram:GetRole", Resource: "*" }] }) }),
    );
    const n = narrow.body!.credentials!;
    const narrowKeys = { accessKeyId: n.accessKeyId!, accessKeySecret: n.accessKeySecret!, securityToken: n.securityToken! };
    expect((await ram(narrowKeys).getRole(new $Ram.GetRoleRequest({ roleName: "Reader" }))).statusCode).toBe(200);
    expect(await failure(ram(narrowKeys).listRoles(new $Ram.ListRolesRequest({})))).toMatchObject({ code: "NoPermission", statusCode: 403 });

    // Move the emulator's clock past the 900-second expiry instead of waiting.
    emulator.admin.advanceClock(901_000);
    expect(await failure(ram(temp).getRole(new $Ram.GetRoleRequest({ roleName: "Reader" })))).toMatchObject({
      code: "InvalidSecurityToken.Expired",
      statusCode: 400,
    });
    emulator.admin.advanceClock(-901_000);
  });

  it("refuses AssumeRole by the account owner and for a role that does not trust the caller", async () => {
    await ram().createRole(new $Ram.CreateRoleRequest({ roleName: "OtherTrust", assumeRolePolicyDocument: trustAccount(emulator.seed.accounts[1]!.uid) }));
    const roleArn = `acs:ram::${uid}:role/OtherTrust`;
    const root = await failure(sts(owner).assumeRole(new $Sts.AssumeRoleRequest({ roleArn, roleSessionName: "root" })));
    expect(root).toMatchObject({ code: "NoPermission", statusCode: 403 });
    expect(root.message).toContain("Roles may not be assumed by root accounts");

    const user = userKeys(emulator);
    const userName = emulator.seed.accounts[0]!.users[0]!.name;
    await ram().attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: "System", policyName: "AliyunSTSAssumeRoleAccess", userName })).catch(() => undefined);
    const untrusted = await failure(sts(user).assumeRole(new $Sts.AssumeRoleRequest({ roleArn, roleSessionName: "x1" })));
    expect(untrusted).toMatchObject({ code: "NoPermission", statusCode: 403 });
    const missing = await failure(sts(user).assumeRole(new $Sts.AssumeRoleRequest({ roleArn: `acs:ram::${uid}:role/Ghost`, roleSessionName: "x1" })));
    expect(missing).toMatchObject({ code: "EntityNotExist.Role", statusCode: 404 });
  });
});
