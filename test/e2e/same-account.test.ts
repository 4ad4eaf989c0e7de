/**
 * examples/same-account through the real Pulumi CLI (Automation API, no mocks) against a fresh
 * emulator whose account A has two Advanced instances in two regions (seed 002). Official clients
 * check what `up` made, change it out of band, and confirm that refresh sees exactly those changes,
 * that up restores them and that destroy leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountKeys, startSeeded, type RunningEmulator } from "./support/emulator";
import { openExampleStack, type ExampleStack } from "./support/example-stack";
import { pushTinyImage, waitForTag } from "./support/images";
import { $Ram, crClient, listInstance, listRam, ramClient, type Body, type CrClient } from "./support/official";
import { ensurePulumiBin } from "./support/pulumi-cli";
import { acquireE2eLock } from "./support/serial";
import { expectRefreshCleanAfterEveryTaskEnd } from "./support/task-outcomes";
import { closeExample, destroySucceeds, expectDriftRestored, expectPreviewRejects, expectStateSafe, overwriteTrust } from "./support/scenarios";

const SOURCE = "cri-emuahangzhou0001";
const TARGET = "cri-emuashanghai0001";
const PASSWORD = "E2e-Registry-Pass-7391";
const PREFIX = "e2e-same";

describe("examples/same-account with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let example: ExampleStack;
  let source: CrClient;
  let target: CrClient;
  let ram: ReturnType<typeof ramClient>;
  let uid: string;
  let secretKey: string;
  let destroyed = false;
  let baseline: { source: unknown; target: unknown; ram: unknown };

  let release = () => {};

  beforeAll(async () => {
    release = await acquireE2eLock();
    await ensurePulumiBin();
    emulator = await startSeeded("same-account.json");
    const a = accountKeys(emulator, "A");
    uid = a.uid;
    secretKey = a.accessKeySecret;
    source = crClient(emulator.port, a, "cn-hangzhou");
    target = crClient(emulator.port, a, "cn-shanghai");
    ram = ramClient(emulator.port, a);
    example = await openExampleStack({
      example: "same-account",
      endpoint: emulator.endpoint,
      keys: a,
      region: "cn-hangzhou",
      config: { sourceInstanceId: SOURCE, targetInstanceId: TARGET, targetRegion: "cn-shanghai", accountId: uid, namePrefix: PREFIX },
      secrets: { registryPassword: PASSWORD },
    });
    baseline = { source: await listInstance(source, SOURCE), target: await listInstance(target, TARGET), ram: await listRam(ram) };
  }, 20 * 60_000);

  afterAll(async () => {
    await closeExample(example, destroyed);
    release();
    await emulator?.stop();
  }, 120_000);

  /** Every object the program declares, read back through the official clients. */
  async function expectDeclaredObjects(): Promise<void> {
    expect(await source.call("GetNamespace", { InstanceId: SOURCE, NamespaceName: "apps" })).toMatchObject({ AutoCreateRepo: false, DefaultRepoType: "PRIVATE" });
    expect(await target.call("GetNamespace", { InstanceId: TARGET, NamespaceName: "apps" })).toMatchObject({ AutoCreateRepo: true, DefaultRepoType: "PRIVATE" });
    expect(await source.call("GetRepository", { InstanceId: SOURCE, RepoNamespaceName: "apps", RepoName: "web" })).toMatchObject({
      RepoType: "PRIVATE",
      Summary: "The web front end",
      TagImmutability: true,
    });
    const rules = (await source.call("ListRepoSyncRule", { InstanceId: SOURCE })).SyncRules as Body[];
    expect(rules.map((r) => ({ name: r.SyncRuleName, scope: r.SyncScope, to: r.TargetInstanceId, ns: r.TargetNamespaceName }))).toEqual([
      { name: `${PREFIX}-to-cn-shanghai`, scope: "NAMESPACE", to: TARGET, ns: "apps" },
    ]);
    const role = (await ram.getRole(new $Ram.GetRoleRequest({ roleName: `${PREFIX}-ci-puller` }))).body?.role;
    expect(role?.description).toBe("CI pulls images from ACR EE");
    expect(JSON.parse(role?.assumeRolePolicyDocument ?? "{}").Statement[0].Principal.RAM).toEqual([`acs:ram::${uid}:root`]);
    const policy = await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: `${PREFIX}-pull-only`, policyType: "Custom" }));
    expect(JSON.parse(policy.body?.defaultPolicyVersion?.policyDocument ?? "{}").Statement[0].Action).toEqual(["cr:PullRepository", "cr:GetAuthorizationToken"]);
    const attached = await ram.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: `${PREFIX}-ci-puller` }));
    expect((attached.body?.policies?.policy ?? []).map((p) => p.policyName)).toEqual([`${PREFIX}-pull-only`]);
  }

  it("fails the preview of an invalid repository name, naming the field, with 0 emulator calls", async () => {
    await expectPreviewRejects(example, emulator, { key: "repository", value: "Web_App!", mentions: [/Repository/, /\bname\b/] });
  }, 180_000);

  it("up creates every declared object, as the official clients see it", async () => {
    const result = await example.stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges).toEqual({ create: 9 });
    await expectDeclaredObjects();
  }, 300_000);

  it("replicates an image pushed to the source after up into the destination", async (ctx) => {
    const [sourceRegistry, targetRegistry] = [SOURCE, TARGET].map((id) => emulator.seed.accounts[0]!.instances.find((i) => i.instanceId === id)!.registry);
    if (!sourceRegistry || !targetRegistry) ctx.skip();
    // The InstanceCredential's password is the owner's `docker login` password on the source.
    const login = { username: uid, password: PASSWORD };
    const digest = await pushTinyImage(sourceRegistry!, login, "apps/web", "v1");
    // The program sets only the source's password; give the destination one to look with.
    await target.call("ResetLoginPassword", { InstanceId: TARGET, Password: PASSWORD });
    expect(await waitForTag(targetRegistry!, login, "apps/web", "v1", digest, { timeoutMs: 60_000 })).toBe(true);
  }, 120_000);

  it("refresh works and preview expects no changes after the rule's task succeeded, failed and was canceled", async () => {
    const registry = emulator.seed.accounts[0]!.instances.find((i) => i.instanceId === SOURCE)!.registry!;
    await expectRefreshCleanAfterEveryTaskEnd(
      example,
      { emulator, cr: source, instanceId: SOURCE, registry, login: { username: uid, password: PASSWORD }, repository: "apps/web" },
      "to-target",
      "after",
    );
  }, 300_000);

  it("refresh reports exactly the out-of-band changes, up restores them, and a preview then shows none", async () => {
    const repo = await source.call("GetRepository", { InstanceId: SOURCE, RepoNamespaceName: "apps", RepoName: "web" });
    const rule = ((await source.call("ListRepoSyncRule", { InstanceId: SOURCE })).SyncRules as Body[])[0]!;
    await target.call("UpdateNamespace", { InstanceId: TARGET, NamespaceName: "apps", AutoCreateRepo: false });
    await source.call("DeleteRepository", { InstanceId: SOURCE, RepoId: String(repo.RepoId) });
    await overwriteTrust(ram, `${PREFIX}-ci-puller`, { RAM: ["acs:ram::2000000000000002:root"] });
    await source.call("DeleteRepoSyncRule", { InstanceId: SOURCE, SyncRuleId: String(rule.SyncRuleId) });

    await expectDriftRestored(example, {
      refresh: {
        "Namespace::target-namespace": "update",
        "Repository::web": "delete",
        "RamRole::ci-puller": "update",
        "ReplicationRule::to-target": "delete",
      },
      up: {
        "Namespace::target-namespace": "update",
        "Repository::web": "create",
        "RamRole::ci-puller": "update",
        "ReplicationRule::to-target": "create",
      },
      declared: expectDeclaredObjects,
    });
  }, 600_000);

  it("stores no plaintext secret in the state and keeps each serialized provider within 4 KB", async () => {
    const outputs = await example.stack.outputs();
    expect(outputs.loginPassword).toMatchObject({ value: PASSWORD, secret: true });
    await expectStateSafe(example, {
      secrets: [PASSWORD, secretKey],
      encrypted: [
        ["login", "password"],
        ["login", "loginPassword"],
      ],
      providers: 16, // inputs and outputs of 8 dynamic resources
    });
  }, 120_000);

  it("destroy leaves no object the stack made", async () => {
    await destroySucceeds(example);
    destroyed = true;
    expect({ source: await listInstance(source, SOURCE), target: await listInstance(target, TARGET), ram: await listRam(ram) }).toEqual(baseline);
  }, 300_000);
});
