/**
 * examples/harbor-to-acr through the real Pulumi CLI (seed 004): a real docker-registry with
 * htpasswd basic auth plays Harbor; the program copies its tags into an emulated ACR EE instance
 * with a temporary-token login, next to the namespace and the syncer's RAM role and policy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type TestRegistry } from "../support/registry";
import { accountKeys, startSeeded, type RunningEmulator } from "./support/emulator";
import { openExampleStack, type ExampleStack } from "./support/example-stack";
import { pushTinyImage, tagDigest } from "./support/images";
import { $Ram, crClient, listInstance, listRam, ramClient, type CrClient } from "./support/official";
import { ensurePulumiBin } from "./support/pulumi-cli";
import { acquireE2eLock } from "./support/serial";
import { closeExample, destroySucceeds, expectDriftRestored, expectPreviewRejects, expectStateSafe, overwriteTrust } from "./support/scenarios";

const INSTANCE = "cri-emuaadvanced0001";
const HARBOR_LOGIN = { username: "harbor-robot", password: "Harbor-Robot-Secret-8842" };
const ACR_PASSWORD = "E2e-Acr-Pass-2209";
const PREFIX = "e2e-harbor";

describe("examples/harbor-to-acr with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let harbor: TestRegistry;
  let example: ExampleStack;
  let cr: CrClient;
  let ram: ReturnType<typeof ramClient>;
  let acrRegistry: string;
  let uid: string;
  let secretKey: string;
  const harborDigests: Record<string, string> = {};
  let destroyed = false;
  let baseline: unknown;
  const everything = async () => ({ acr: await listInstance(cr, INSTANCE), ram: await listRam(ram) });

  let release = () => {};

  beforeAll(async () => {
    release = await acquireE2eLock();
    await ensurePulumiBin();
    [emulator, harbor] = await Promise.all([startSeeded(), startRegistry({ basicAuth: HARBOR_LOGIN })]);
    const a = accountKeys(emulator, "A");
    uid = a.uid;
    secretKey = a.accessKeySecret;
    cr = crClient(emulator.port, a, "cn-hangzhou");
    ram = ramClient(emulator.port, a);
    acrRegistry = emulator.seed.accounts[0]!.instances.find((i) => i.instanceId === INSTANCE)!.registry!;
    await cr.call("ResetLoginPassword", { InstanceId: INSTANCE, Password: ACR_PASSWORD });
    for (const tag of ["1.25", "1.26"]) harborDigests[tag] = await pushTinyImage(harbor.host, HARBOR_LOGIN, "library/nginx", tag);
    baseline = await everything();

    example = await openExampleStack({
      example: "harbor-to-acr",
      endpoint: emulator.endpoint,
      keys: a,
      region: "cn-hangzhou",
      config: {
        instanceId: INSTANCE,
        acrRegistry,
        harborRegistry: harbor.host,
        harborUsername: HARBOR_LOGIN.username,
        accountId: uid,
        namePrefix: PREFIX,
        insecureRegistries: "true",
      },
      secrets: { harborPassword: HARBOR_LOGIN.password },
    });
  }, 20 * 60_000);

  afterAll(async () => {
    await closeExample(example, destroyed);
    release();
    await Promise.all([emulator?.stop(), harbor?.close()]);
  }, 120_000);

  async function expectDeclaredObjects(): Promise<void> {
    expect(await cr.call("GetNamespace", { InstanceId: INSTANCE, NamespaceName: "image-syncer" })).toMatchObject({ AutoCreateRepo: true, DefaultRepoType: "PRIVATE" });
    const role = (await ram.getRole(new $Ram.GetRoleRequest({ roleName: `${PREFIX}-image-syncer` }))).body?.role;
    expect(JSON.parse(role?.assumeRolePolicyDocument ?? "{}").Statement[0].Principal.RAM).toEqual([`acs:ram::${uid}:root`]);
    const policy = await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: `${PREFIX}-image-syncer`, policyType: "Custom" }));
    expect(JSON.parse(policy.body?.defaultPolicyVersion?.policyDocument ?? "{}").Statement[0].Resource).toEqual(["acs:cr:*:*:repository/image-syncer/*"]);
    const attached = await ram.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: `${PREFIX}-image-syncer` }));
    expect((attached.body?.policies?.policy ?? []).map((p) => p.policyName)).toEqual([`${PREFIX}-image-syncer`]);
  }

  it("fails the preview of an invalid namespace name, naming the field, with 0 emulator calls", async () => {
    await expectPreviewRejects(example, emulator, { key: "namespace", value: "Image_Syncer!", mentions: [/Namespace/, /\bname\b/] });
  }, 180_000);

  it("up copies every Harbor tag into ACR digest-exactly and creates the syncer's namespace and RAM objects", async () => {
    const result = await example.stack.up();
    expect(result.summary.result).toBe("succeeded");
    await expectDeclaredObjects();
    const login = { username: uid, password: ACR_PASSWORD };
    for (const [tag, digest] of Object.entries(harborDigests)) expect(await tagDigest(acrRegistry, login, "image-syncer/nginx", tag)).toBe(digest);
    const repo = await cr.call("GetRepository", { InstanceId: INSTANCE, RepoNamespaceName: "image-syncer", RepoName: "nginx" });
    expect(repo).toMatchObject({ RepoType: "PRIVATE" });
  }, 300_000);

  it("refresh reports exactly the out-of-band changes, up restores them, and a preview then shows none", async () => {
    await cr.call("UpdateNamespace", { InstanceId: INSTANCE, NamespaceName: "image-syncer", AutoCreateRepo: false });
    await overwriteTrust(ram, `${PREFIX}-image-syncer`, { RAM: ["acs:ram::2000000000000002:root"] });

    await expectDriftRestored(example, {
      refresh: { "Namespace::image-syncer": "update", "RamRole::syncer-role": "update" },
      up: { "Namespace::image-syncer": "update", "RamRole::syncer-role": "update" },
      declared: expectDeclaredObjects,
    });
  }, 600_000);

  it("stores no plaintext secret in the state and keeps each serialized provider within 4 KB", async () => {
    await expectStateSafe(example, {
      secrets: [HARBOR_LOGIN.password, secretKey, ACR_PASSWORD],
      encrypted: [["sync-nginx", "sourceCredentials"]],
      providers: 10, // inputs and outputs of 5 dynamic resources
    });
  }, 120_000);

  it("destroy leaves no object the stack made", async () => {
    await destroySucceeds(example);
    destroyed = true;
    // The copied repository went with the namespace (ImageSync itself deletes nothing, like image-syncer).
    expect(await everything()).toEqual(baseline);
  }, 300_000);
});
