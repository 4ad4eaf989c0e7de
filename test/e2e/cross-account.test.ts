/**
 * examples/cross-account through the real Pulumi CLI against a fresh emulator with the default seed:
 * account A (Advanced instance, cn-hangzhou) replicates into account B (Basic instance,
 * cn-shanghai), each account a per-resource `connection` from stack config (seeds 000/001). A tag
 * pushed before `up` is copied by the ImageReplication; a tag pushed after is copied by the rule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountKeys, startSeeded, totalCalls, type RunningEmulator } from "./support/emulator";
import { changeLog } from "./support/events";
import { emulatorEndpoints, openExampleStack, type ExampleStack, type Keys } from "./support/example-stack";
import { pushTinyImage, tagDigest, waitForTag } from "./support/images";
import { $Ram, crClient, listInstance, listRam, ramClient, type Body, type CrClient } from "./support/official";
import { ensurePulumiBin } from "./support/pulumi-cli";
import { acquireE2eLock } from "./support/serial";
import { plaintextSecretsIn, PROVIDER_BUDGET_BYTES, providerSizes } from "./support/state";

const SOURCE = "cri-emuaadvanced0001";
const TARGET = "cri-emubshanghai0001";
const SYNC_ROLE = "aliyuncontainerregistrycrossaccoutsyncrole";
const PASSWORD = "E2e-Cross-Pass-5512";

const connection = (endpoint: string, region: string, keys: Keys) =>
  JSON.stringify({ region, accessKey: keys.accessKeyId, secretKey: keys.accessKeySecret, endpoints: JSON.parse(emulatorEndpoints(endpoint)) });

describe("examples/cross-account with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let example: ExampleStack;
  let a: Keys & { uid: string };
  let b: Keys & { uid: string };
  let crA: CrClient;
  let crB: CrClient;
  let ramB: ReturnType<typeof ramClient>;
  let registryA: string;
  let registryB: string;
  let existingDigest: string;
  let destroyed = false;
  let baseline: unknown;
  const loginA = () => ({ username: a.uid, password: PASSWORD });
  const loginB = () => ({ username: b.uid, password: PASSWORD });

  const everything = async () => ({ a: await listInstance(crA, SOURCE), b: await listInstance(crB, TARGET), ramB: await listRam(ramB) });

  let release = () => {};

  beforeAll(async () => {
    release = await acquireE2eLock();
    await ensurePulumiBin();
    emulator = await startSeeded();
    a = accountKeys(emulator, "A");
    b = accountKeys(emulator, "B");
    crA = crClient(emulator.port, a, "cn-hangzhou");
    crB = crClient(emulator.port, b, "cn-shanghai");
    ramB = ramClient(emulator.port, b);
    const instance = (id: string) => emulator.seed.accounts.flatMap((acc) => acc.instances).find((i) => i.instanceId === id)!;
    registryA = instance(SOURCE).registry!;
    registryB = instance(TARGET).registry!;

    // Account A before the program: apps/web with tag v1, pushed with A's docker login password.
    await crA.call("ResetLoginPassword", { InstanceId: SOURCE, Password: PASSWORD });
    await crB.call("ResetLoginPassword", { InstanceId: TARGET, Password: PASSWORD });
    await crA.call("CreateNamespace", { InstanceId: SOURCE, NamespaceName: "apps", AutoCreateRepo: false, DefaultRepoType: "PRIVATE" });
    await crA.call("CreateRepository", { InstanceId: SOURCE, RepoNamespaceName: "apps", RepoName: "web", RepoType: "PRIVATE", Summary: "web" });
    existingDigest = await pushTinyImage(registryA, loginA(), "apps/web", "v1");
    baseline = await everything();

    example = await openExampleStack({
      example: "cross-account",
      endpoint: emulator.endpoint,
      keys: a,
      region: "cn-hangzhou",
      config: { sourceInstanceId: SOURCE, targetInstanceId: TARGET, targetRegion: "cn-shanghai" },
      secrets: {
        sourceConnection: connection(emulator.endpoint, "cn-hangzhou", a),
        targetConnection: connection(emulator.endpoint, "cn-shanghai", b),
      },
    });
  }, 20 * 60_000);

  afterAll(async () => {
    if (example && !destroyed) await example.stack.destroy().catch(() => undefined);
    await example?.dispose();
    release();
    await emulator?.stop();
  }, 120_000);

  async function expectDeclaredObjects(): Promise<void> {
    expect(await crB.call("GetNamespace", { InstanceId: TARGET, NamespaceName: "apps" })).toMatchObject({ AutoCreateRepo: true });
    const rules = (await crA.call("ListRepoSyncRule", { InstanceId: SOURCE })).SyncRules as Body[];
    expect(rules.map((r) => ({ scope: r.SyncScope, to: r.TargetInstanceId, ns: r.TargetNamespaceName, crossUser: r.CrossUser, filter: r.TagFilter }))).toEqual([
      { scope: "NAMESPACE", to: TARGET, ns: "apps", crossUser: true, filter: ".*" },
    ]);
    const role = (await ramB.getRole(new $Ram.GetRoleRequest({ roleName: SYNC_ROLE }))).body?.role;
    const trust = JSON.parse(role?.assumeRolePolicyDocument ?? "{}") as { Statement: Array<{ Principal: { Service?: string[] } }> };
    expect(trust.Statement.flatMap((s) => s.Principal.Service ?? [])).toContain(`${a.uid}@cr.aliyuncs.com`);
    const attached = await ramB.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: SYNC_ROLE }));
    expect((attached.body?.policies?.policy ?? []).map((p) => p.policyName)).toEqual(["AcrCrossAccountSync-a-to-b"]);
  }

  it("fails the preview of an invalid repository name, naming the field, with 0 emulator calls", async () => {
    await example.stack.setConfig("repository", { value: "Web_App!" });
    emulator.admin.resetCounters();
    try {
      const error = await example.stack.preview().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error, "the preview should fail").toBeInstanceOf(Error);
      expect(error!.message).toMatch(/ImageReplication/);
      expect(error!.message).toMatch(/repoName/);
      expect(totalCalls(emulator)).toBe(0);
    } finally {
      await example.stack.removeConfig("repository");
    }
  }, 180_000);

  it("up makes B trust A, adds the rule, and copies the tag that existed before the rule", async () => {
    const result = await example.stack.up();
    expect(result.summary.result).toBe("succeeded");
    await expectDeclaredObjects();
    expect(await tagDigest(registryB, loginB(), "apps/web", "v1")).toBe(existingDigest);
    expect((await example.stack.outputs()).copiedDigest?.value).toBe(existingDigest);
  }, 300_000);

  it("replicates a tag pushed to A after up into B", async () => {
    const digest = await pushTinyImage(registryA, loginA(), "apps/web", "v2");
    expect(await waitForTag(registryB, loginB(), "apps/web", "v2", digest, { timeoutMs: 60_000 })).toBe(true);
  }, 120_000);

  it("refresh reports exactly the out-of-band changes, up restores them, and a preview then shows none", async () => {
    const rule = ((await crA.call("ListRepoSyncRule", { InstanceId: SOURCE })).SyncRules as Body[])[0]!;
    await crB.call("UpdateNamespace", { InstanceId: TARGET, NamespaceName: "apps", AutoCreateRepo: false });
    await ramB.updateRole(
      new $Ram.UpdateRoleRequest({
        roleName: SYNC_ROLE,
        newAssumeRolePolicyDocument: JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["9999999999999999@cr.aliyuncs.com"] } }] }),
      }),
    );
    await crA.call("DeleteRepoSyncRule", { InstanceId: SOURCE, SyncRuleId: String(rule.SyncRuleId) });

    const refreshed = changeLog();
    await example.stack.refresh({ onEvent: refreshed.onEvent });
    expect(refreshed.changes()).toEqual({
      "Namespace::a-to-b-target-namespace": "update",
      "CrossAccountTrust::a-to-b-trust": "delete",
      "ReplicationRule::a-to-b-rule": "delete",
    });

    const restored = changeLog();
    await example.stack.up({ onEvent: restored.onEvent });
    expect(restored.changes()).toMatchObject({
      "Namespace::a-to-b-target-namespace": "update",
      "CrossAccountTrust::a-to-b-trust": "create",
      "ReplicationRule::a-to-b-rule": "create",
    });
    await expectDeclaredObjects();

    const preview = await example.stack.preview();
    expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
  }, 600_000);

  it("stores no plaintext secret in the state and keeps each serialized provider within 4 KB", async () => {
    const exported = await example.exportState();
    expect(plaintextSecretsIn(exported.text, [a.accessKeySecret, b.accessKeySecret, PASSWORD])).toEqual([]);
    const sizes = providerSizes(exported.deployment);
    expect(sizes.length).toBe(12); // inputs and outputs of 6 dynamic resources
    expect(sizes.filter((s) => s.bytes > PROVIDER_BUDGET_BYTES)).toEqual([]);
  }, 120_000);

  it("destroy leaves no object the stack made", async () => {
    const result = await example.stack.destroy();
    destroyed = true;
    expect(result.summary.result).toBe("succeeded");
    // The replicated copies in B go with the namespace; A keeps what existed before the program.
    // B's shared sync role goes with its last principal; the out-of-band edit above left another
    // account's principal in it, so destroy removes only A's and leaves the role to its other user.
    const trust = (await ramB.getRole(new $Ram.GetRoleRequest({ roleName: SYNC_ROLE }))).body?.role?.assumeRolePolicyDocument ?? "{}";
    const principals = (JSON.parse(trust) as { Statement: Array<{ Principal: { Service?: string[] } }> }).Statement.flatMap((s) => s.Principal.Service ?? []);
    expect(principals).toEqual(["9999999999999999@cr.aliyuncs.com"]);
    expect(await everything()).toEqual({ ...(baseline as object), ramB: { roles: [SYNC_ROLE], customPolicies: [] } });
  }, 300_000);
});
