/**
 * examples/cross-account through the real Pulumi CLI against a fresh emulator with the default seed:
 * account A (Advanced instance, cn-hangzhou) replicates into account B (Basic instance,
 * cn-shanghai), each account a per-resource `connection` from stack config (seeds 000/001). A tag
 * pushed before `up` is copied by the ImageReplication; a tag pushed after is copied by the rule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountKeys, startSeeded, type RunningEmulator } from "./support/emulator";
import { emulatorEndpoints, openExampleStack, type ExampleStack, type Keys } from "./support/example-stack";
import { pushTinyImage, tagDigest, waitForTag } from "./support/images";
import { expectRefreshCleanAfterEveryTaskEnd } from "./support/task-outcomes";
import { $Ram, crClient, listInstance, listRam, ramClient, type Body, type CrClient } from "./support/official";
import { ensurePulumiBin } from "./support/pulumi-cli";
import { acquireE2eLock } from "./support/serial";
import { closeExample, destroySucceeds, expectDriftRestored, expectPreviewRejects, expectStateSafe, overwriteTrust, trustedServices } from "./support/scenarios";

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
    await closeExample(example, destroyed);
    release();
    await emulator?.stop();
  }, 120_000);

  async function expectDeclaredObjects(): Promise<void> {
    expect(await crB.call("GetNamespace", { InstanceId: TARGET, NamespaceName: "apps" })).toMatchObject({ AutoCreateRepo: true });
    const rules = (await crA.call("ListRepoSyncRule", { InstanceId: SOURCE })).SyncRules as Body[];
    expect(rules.map((r) => ({ scope: r.SyncScope, to: r.TargetInstanceId, ns: r.TargetNamespaceName, crossUser: r.CrossUser, filter: r.TagFilter }))).toEqual([
      { scope: "NAMESPACE", to: TARGET, ns: "apps", crossUser: true, filter: ".*" },
    ]);
    expect(await trustedServices(ramB, SYNC_ROLE)).toContain(`${a.uid}@cr.aliyuncs.com`);
    const attached = await ramB.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: SYNC_ROLE }));
    expect((attached.body?.policies?.policy ?? []).map((p) => p.policyName)).toEqual(["AcrCrossAccountSync-a-to-b"]);
  }

  it("fails the preview of an invalid repository name, naming the field, with 0 emulator calls", async () => {
    await expectPreviewRejects(example, emulator, { key: "repository", value: "Web_App!", mentions: [/ImageReplication/, /repoName/] });
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

  it("refresh works and preview expects no changes after the rule's task succeeded, failed and was canceled", async () => {
    await expectRefreshCleanAfterEveryTaskEnd(
      example,
      { emulator, cr: crA, instanceId: SOURCE, registry: registryA, login: loginA(), repository: "apps/web" },
      "a-to-b-rule",
      "after",
    );
  }, 300_000);

  it("refresh reports exactly the out-of-band changes, up restores them, and a preview then shows none", async () => {
    const rule = ((await crA.call("ListRepoSyncRule", { InstanceId: SOURCE })).SyncRules as Body[])[0]!;
    await crB.call("UpdateNamespace", { InstanceId: TARGET, NamespaceName: "apps", AutoCreateRepo: false });
    await overwriteTrust(ramB, SYNC_ROLE, { Service: ["9999999999999999@cr.aliyuncs.com"] });
    await crA.call("DeleteRepoSyncRule", { InstanceId: SOURCE, SyncRuleId: String(rule.SyncRuleId) });

    await expectDriftRestored(example, {
      refresh: {
        "Namespace::a-to-b-target-namespace": "update",
        "CrossAccountTrust::a-to-b-trust": "delete",
        "ReplicationRule::a-to-b-rule": "delete",
      },
      up: {
        "Namespace::a-to-b-target-namespace": "update",
        "CrossAccountTrust::a-to-b-trust": "create",
        "ReplicationRule::a-to-b-rule": "create",
      },
      upMayDoMore: true,
      declared: expectDeclaredObjects,
    });
  }, 600_000);

  it("stores no plaintext secret in the state and keeps each serialized provider within 4 KB", async () => {
    await expectStateSafe(example, {
      secrets: [a.accessKeySecret, b.accessKeySecret, PASSWORD],
      providers: 12, // inputs and outputs of 6 dynamic resources
    });
  }, 120_000);

  it("destroy leaves no object the stack made", async () => {
    await destroySucceeds(example);
    destroyed = true;
    // The replicated copies in B go with the namespace; A keeps what existed before the program.
    // B's shared sync role goes with its last principal; the out-of-band edit above left another
    // account's principal in it, so destroy removes only A's and leaves the role to its other user.
    expect(await trustedServices(ramB, SYNC_ROLE)).toEqual(["9999999999999999@cr.aliyuncs.com"]);
    expect(await everything()).toEqual({ ...(baseline as object), ramB: { roles: [SYNC_ROLE], customPolicies: [] } });
  }, 300_000);
});
