/**
 * Seed 000/001, scripted end to end with the unmodified official clients: account B (target) grants
 * account A (source) cross-account replication through the RAM role
 * `aliyuncontainerregistrycrossaccoutsyncrole` (typo included), and A creates a rule with TargetUserId.
 * RAM calls go through @alicloud/ram20150501, CR calls through @alicloud/openapi-client callApi (V3).
 */
import * as $Ram from "@alicloud/ram20150501";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v3Driver, type Body, type CrDriver, type Keys, type Outcome } from "../cr/official-drivers";
import { ownerKeys, ramClient, start, userKeys, type RunningEmulator } from "../core/harness";

const SYNC_ROLE = "aliyuncontainerregistrycrossaccoutsyncrole";

let emulator: RunningEmulator;
let cr: CrDriver;
let ownerA: Keys, ownerB: Keys, userA: Keys;
let uidA: string, uidB: string, sourceInstance: string, targetInstance: string, userAName: string;
let rule: Record<string, string>;

const trustFor = (principal: string) =>
  JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: [principal] } }] });

function expectRefused(outcome: Outcome, code: string): void {
  expect(outcome.ok, JSON.stringify(outcome.body)).toBe(false);
  if (!outcome.ok) expect(outcome.code).toBe(code);
}
function expectOk(outcome: Outcome): Body {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${JSON.stringify(outcome.body)}`);
  return outcome.body;
}
const createRule = (keys: Keys, name: string) => cr.call("CreateRepoSyncRule", { ...rule, SyncRuleName: name }, keys);

beforeAll(async () => {
  emulator = await start();
  cr = v3Driver(emulator.port);
  const [a, b] = emulator.seed.accounts;
  ownerA = ownerKeys(emulator, 0);
  ownerB = ownerKeys(emulator, 1);
  userA = userKeys(emulator, 0);
  userAName = a!.users[0]!.name;
  uidA = a!.uid;
  uidB = b!.uid;
  sourceInstance = a!.instances.find((i) => i.edition === "Advanced")!.instanceId;
  targetInstance = b!.instances.find((i) => i.regionId === "cn-shanghai")!.instanceId;
  expectOk(await cr.call("CreateNamespace", { RegionId: "cn-shanghai", InstanceId: targetInstance, NamespaceName: "apps" }, ownerB));
  expectOk(await cr.call("CreateNamespace", { RegionId: "cn-hangzhou", InstanceId: sourceInstance, NamespaceName: "apps" }, ownerA));
  rule = {
    RegionId: "cn-hangzhou",
    InstanceId: sourceInstance,
    NamespaceName: "apps",
    SyncScope: "NAMESPACE",
    SyncTrigger: "PASSIVE",
    TagFilter: ".*",
    TargetRegionId: "cn-shanghai",
    TargetInstanceId: targetInstance,
    TargetNamespaceName: "apps",
    TargetUserId: uidB,
  };
});
afterAll(() => emulator?.stop());

describe("seed 000: cross-account replication through the official clients", () => {
  it("refuses the rule with no role, then with the wrong trust principal, then with the policy missing", async () => {
    const ramB = ramClient(emulator, ownerB);
    expectRefused(await createRule(ownerA, "no-role"), "CROSS_ACCOUNT_ROLE_NOT_EXIST");

    // Trusting some other account's CR service is not trusting A.
    await ramB.createRole(new $Ram.CreateRoleRequest({ roleName: SYNC_ROLE, assumeRolePolicyDocument: trustFor(`9999999999999999@cr.aliyuncs.com`) }));
    expectRefused(await createRule(ownerA, "wrong-trust"), "CROSS_ACCOUNT_ROLE_NOT_TRUSTED");

    await ramB.updateRole(new $Ram.UpdateRoleRequest({ roleName: SYNC_ROLE, newAssumeRolePolicyDocument: trustFor(`${uidA}@cr.aliyuncs.com`) }));
    expectRefused(await createRule(ownerA, "no-policy"), "CROSS_ACCOUNT_ROLE_NO_PERMISSION");
  });

  it("accepts the rule once B's role trusts A's CR service and allows the sync actions on B's instance", async () => {
    const ramB = ramClient(emulator, ownerB);
    const grant = {
      Version: "1",
      Statement: [{ Effect: "Allow", Action: ["cr:CreateSyncRule", "cr:CreateRepositorySync"], Resource: `acs:cr:cn-shanghai:${uidB}:instance/${targetInstance}` }],
    };
    await ramB.createPolicy(new $Ram.CreatePolicyRequest({ policyName: "cr-cross-account-sync", policyDocument: JSON.stringify(grant) }));
    await ramB.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyType: "Custom", policyName: "cr-cross-account-sync", roleName: SYNC_ROLE }));

    const created = expectOk(await createRule(ownerA, "a-to-b"));
    expect(created.SyncRuleId).toMatch(/^crsr-/);
    const onTarget = expectOk(await cr.call("ListRepoSyncRule", { RegionId: "cn-shanghai", InstanceId: targetInstance }, ownerB));
    expect(onTarget.SyncRules).toEqual([expect.objectContaining({ SyncRuleId: created.SyncRuleId, SyncDirection: "TO" })]);
  });

  it("refuses a RAM user of A with no policy, and allows it after A attaches AliyunContainerRegistryFullAccess", async () => {
    expectRefused(await createRule(userA, "by-user"), "NoPrivilege");
    await ramClient(emulator, ownerA).attachPolicyToUser(
      new $Ram.AttachPolicyToUserRequest({ policyType: "System", policyName: "AliyunContainerRegistryFullAccess", userName: userAName }),
    );
    expect(expectOk(await createRule(userA, "by-user")).SyncRuleId).toMatch(/^crsr-/);
  });
});
