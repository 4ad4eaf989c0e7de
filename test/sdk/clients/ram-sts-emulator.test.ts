/**
 * Our own RAM and STS clients run the scenarios the official clients run in
 * test/emulator/official/ram-sts.test.ts, against the emulator: every operation parses, and the
 * service's refusals arrive as typed AcsErrors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClients, type Clients } from "../../../sdk/clients";
import { createCredentialChain } from "../../../sdk/credentials";
import { AcsError } from "../../../sdk/errors";
import { startEmulator } from "../../../emulator";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let owner: Clients;
let uid: string;

const trust = (principal: string) => JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [principal] } }] });
const allow = (actions: string[]) => JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });

async function refusal(call: Promise<unknown>): Promise<AcsError> {
  const err = await call.then(() => undefined, (e: unknown) => e);
  expect(AcsError.is(err), `expected an AcsError, got ${String(err)}`).toBe(true);
  return err as AcsError;
}

beforeAll(async () => {
  emulator = await startEmulator({});
  const account = emulator.seed.accounts[0]!;
  uid = account.uid;
  owner = createClients({ region: "cn-hangzhou", endpoints: { ram: emulator.endpoint, sts: emulator.endpoint }, credentials: async () => ({ ...account, source: "test" }) });
});
afterAll(async () => {
  await owner?.close();
  await emulator?.stop();
});

describe("our RAM client against the emulator", () => {
  it("creates, reads, updates, lists and deletes a role, with typed not-found and conflict errors", async () => {
    const created = await owner.ram.createRole({ RoleName: "ci-deployer", AssumeRolePolicyDocument: trust(`acs:ram::${uid}:root`), MaxSessionDuration: 3600 });
    expect(created.Role.Arn).toBe(`acs:ram::${uid}:role/ci-deployer`);
    expect((await refusal(owner.ram.createRole({ RoleName: "ci-deployer", AssumeRolePolicyDocument: trust(`acs:ram::${uid}:root`) }))).code).toBe("EntityAlreadyExists.Role");

    await owner.ram.updateRole({ RoleName: "ci-deployer", NewMaxSessionDuration: 7200, NewDescription: "deploys" });
    const read = await owner.ram.getRole({ RoleName: "ci-deployer" });
    expect(read.Role).toMatchObject({ MaxSessionDuration: 7200, Description: "deploys" });
    expect(JSON.parse(read.Role.AssumeRolePolicyDocument!)).toMatchObject({ Version: "1" });
    expect((await owner.ram.listAllRoles()).map((r) => r.RoleName)).toContain("ci-deployer");

    await owner.ram.deleteRole({ RoleName: "ci-deployer" });
    const gone = await refusal(owner.ram.getRole({ RoleName: "ci-deployer" }));
    expect(gone.code).toBe("EntityNotExist.Role");
    expect(AcsError.isNotFound(gone)).toBe(true);
  });

  it("manages policy versions up to the limit, attachments, and refuses deleting an attached policy", async () => {
    await owner.ram.createRole({ RoleName: "holder", AssumeRolePolicyDocument: trust(`acs:ram::${uid}:root`) });
    await owner.ram.createPolicy({ PolicyName: "push", PolicyDocument: allow(["cr:PushRepository"]) });
    for (let i = 2; i <= 5; i++) await owner.ram.createPolicyVersion({ PolicyName: "push", PolicyDocument: allow([`cr:Action${i}`]), SetAsDefault: true });
    expect((await owner.ram.listPolicyVersions({ PolicyName: "push", PolicyType: "Custom" })).PolicyVersions).toHaveLength(5);
    expect((await refusal(owner.ram.createPolicyVersion({ PolicyName: "push", PolicyDocument: allow(["cr:X"]) }))).code).toBe("LimitExceeded.Policy.Version");

    await owner.ram.setDefaultPolicyVersion({ PolicyName: "push", VersionId: "v1" });
    await owner.ram.deletePolicyVersion({ PolicyName: "push", VersionId: "v5" });
    const policy = await owner.ram.getPolicy({ PolicyName: "push", PolicyType: "Custom" });
    expect(policy.Policy.DefaultVersion).toBe("v1");

    await owner.ram.attachPolicyToRole({ PolicyType: "Custom", PolicyName: "push", RoleName: "holder" });
    expect((await owner.ram.listPoliciesForRole({ RoleName: "holder" })).Policies.map((p) => p.PolicyName)).toEqual(["push"]);
    expect((await refusal(owner.ram.deletePolicy({ PolicyName: "push" }))).code).toMatch(/^DeleteConflict\./);

    await owner.ram.detachPolicyFromRole({ PolicyType: "Custom", PolicyName: "push", RoleName: "holder" });
    expect((await owner.ram.listPoliciesForRole({ RoleName: "holder" })).Policies).toEqual([]);
    await owner.ram.deletePolicy({ PolicyName: "push", CascadingDelete: true });
    expect(AcsError.isNotFound(await refusal(owner.ram.getPolicy({ PolicyName: "push", PolicyType: "Custom" })))).toBe(true);
  });
});

describe("our STS client against the emulator", () => {
  it("identifies the owner, and a user's role session limited by the role's policies", async () => {
    expect(await owner.sts.getCallerIdentity()).toMatchObject({ AccountId: uid, IdentityType: "Account" });

    const user = emulator.seed.accounts[0]!.users[0]!;
    await owner.ram.attachPolicyToUser({ PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: user.name });
    await owner.ram.createRole({ RoleName: "reader", AssumeRolePolicyDocument: trust(`acs:ram::${uid}:root`) });
    await owner.ram.attachPolicyToRole({ PolicyType: "System", PolicyName: "AliyunContainerRegistryReadOnlyAccess", RoleName: "reader" });

    const session = createCredentialChain({ accessKeyId: user.accessKeyId, accessKeySecret: user.accessKeySecret, assumeRole: { roleArn: `acs:ram::${uid}:role/reader` }, stsEndpoint: emulator.endpoint, env: {} });
    const asRole = createClients({ region: "cn-hangzhou", endpoints: { ram: emulator.endpoint, sts: emulator.endpoint }, credentials: session });
    try {
      expect((await asRole.sts.getCallerIdentity()).IdentityType).toBe("AssumedRoleUser");
      const denied = await refusal(asRole.ram.createRole({ RoleName: "escalate", AssumeRolePolicyDocument: trust(`acs:ram::${uid}:root`) }));
      expect(denied.httpStatus).toBe(403);
      expect(denied.requestId).toMatch(/^[0-9A-F-]{36}$/);
    } finally {
      await asRole.close();
    }
  });
});
