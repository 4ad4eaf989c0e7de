/**
 * CrossAccountReplication under the real Pulumi engine (the CLI from scripts/ensure-pulumi.sh and its
 * Node language host) against an in-process emulator: two source accounts, A and a third seeded
 * account C, replicate into B and share B's one role. up → both principals trusted, both rules live,
 * real images arrive in B → dropping C's component keeps A's trust and rule → destroy removes the role.
 * Needs the built package (npx tsc -p tsconfig.build.json).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { RegistryClient } from "../../../sdk/oci";
import { ramCall, v3Driver } from "../../emulator/cr/official-drivers";
import { pushImage } from "../../emulator/replication/support";
import { openEngineProgram, type EngineProgram } from "../engine-harness";
import { seedWithAccountC } from "./third-account";

const ROLE = "aliyuncontainerregistrycrossaccoutsyncrole";
const B_INSTANCE = "cri-emubshanghai0001";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const acr = require("pulumi-acr-ee");
const cfg = new pulumi.Config();
const endpoints = JSON.parse(cfg.require("endpoints"));
const conn = (who, region) => ({ region, accessKey: cfg.require(who + "Key"), secretKey: cfg.requireSecret(who + "Secret"), endpoints });
const common = { sourceNamespaceName: "shared", targetInstanceId: "${B_INSTANCE}", targetRegionId: "cn-shanghai", targetConnection: conn("b", "cn-shanghai"), backfill: true };
const fromA = new acr.CrossAccountReplication("from-a", { ...common, sourceConnection: conn("a", "cn-hangzhou"), sourceInstanceId: "cri-emuaadvanced0001", targetNamespaceName: "from-a" });
exports.ruleA = fromA.syncRuleId;
exports.targetAccount = fromA.targetAccountId;
// A one-off manual copy across the same trust, waited for by the engine.
const manual = new acr.ImageReplication("manual", {
  instanceId: "cri-emuaadvanced0001", namespaceName: "shared", repoName: "app", tag: "v1",
  targetRegionId: "cn-shanghai", targetInstanceId: "${B_INSTANCE}", targetNamespaceName: "from-a", targetTag: "manual",
  targetUserId: fromA.targetAccountId, connection: conn("a", "cn-hangzhou"), triggers: { run: 1 },
}, { dependsOn: [fromA] });
exports.manualStatus = manual.status;
exports.manualDigest = manual.digest;
if (cfg.getBoolean("withC") !== false) {
  const fromC = new acr.CrossAccountReplication("from-c", { ...common, sourceConnection: conn("c", "cn-hangzhou"), sourceInstanceId: "cri-emucadvanced0001", targetNamespaceName: "from-c" });
  exports.ruleC = fromC.syncRuleId;
}
`;

let emulator: RunningEmulator;
let program: EngineProgram | undefined;
const pulumi: EngineProgram["pulumi"] = (args, options) => program!.pulumi(args, options);

const keysOf = (i: number) => ({ accessKeyId: emulator.seed.accounts[i]!.accessKeyId, accessKeySecret: emulator.seed.accounts[i]!.accessKeySecret });

async function trusted(): Promise<string[] | undefined> {
  try {
    const role = (await ramCall(emulator.endpoint, keysOf(1), "GetRole", { RoleName: ROLE })).Role as { AssumeRolePolicyDocument: string };
    const doc = JSON.parse(role.AssumeRolePolicyDocument) as { Statement: Array<{ Principal?: { Service?: string[] } }> };
    return doc.Statement.flatMap((s) => s.Principal?.Service ?? []).sort();
  } catch {
    return undefined;
  }
}

async function rulesInto(): Promise<string[]> {
  const outcome = await v3Driver(emulator.port).call("ListRepoSyncRule", { RegionId: "cn-shanghai", InstanceId: B_INSTANCE }, keysOf(1));
  return ((outcome.body.SyncRules ?? []) as Array<{ SyncRuleId: string }>).map((r) => r.SyncRuleId).sort();
}

async function registryOf(account: number, instanceId: string, region: string): Promise<RegistryClient> {
  const token = (await v3Driver(emulator.port).call("GetAuthorizationToken", { RegionId: region, InstanceId: instanceId }, keysOf(account))).body;
  return new RegistryClient({ registry: `http://${emulator.dataPlane.hostFor(instanceId)!}`, credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string } });
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: seedWithAccountC() });
  // Each source account has a namespace with one image already pushed (backfill copies it).
  for (const [i, instanceId] of [[0, "cri-emuaadvanced0001"], [2, "cri-emucadvanced0001"]] as const) {
    await v3Driver(emulator.port).call("CreateNamespace", { RegionId: "cn-hangzhou", InstanceId: instanceId, NamespaceName: "shared", AutoCreateRepo: true }, keysOf(i));
    const registry = await registryOf(i, instanceId, "cn-hangzhou");
    await pushImage(registry, "shared/app", "v1", [2048]);
    await registry.close();
  }
  program = await openEngineProgram("xacct-engine", PROGRAM);
  await pulumi(["config", "set", "endpoints", JSON.stringify({ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint })]);
  for (const [who, i] of [["a", 0], ["b", 1], ["c", 2]] as const) {
    await pulumi(["config", "set", `${who}Key`, keysOf(i).accessKeyId]);
    await pulumi(["config", "set", "--secret", `${who}Secret`, keysOf(i).accessKeySecret]);
  }
}, 180_000);

afterAll(async () => {
  await program?.dispose();
  await emulator?.stop();
}, 180_000);

describe("CrossAccountReplication under the real Pulumi engine", () => {
  it("shares B's role between two source accounts, keeps one when the other leaves, and tears down in order", async () => {
    await pulumi(["up", "--yes", "--skip-preview"]);
    const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout);
    expect(outputs.targetAccount).toBe(emulator.seed.accounts[1]!.uid);
    expect(await trusted()).toEqual(["1000000000000001@cr.aliyuncs.com", "3000000000000003@cr.aliyuncs.com"]);
    expect(await rulesInto()).toEqual([outputs.ruleA, outputs.ruleC].sort());

    // Backfill brought each source's existing image into its own namespace in B.
    const b = await registryOf(1, B_INSTANCE, "cn-shanghai");
    try {
      for (const ns of ["from-a", "from-c"]) {
        let digest: string | undefined;
        for (let i = 0; i < 100 && !digest; i++) {
          digest = (await b.headManifest(`${ns}/app`, "v1"))?.digest;
          if (!digest) await new Promise((r) => setTimeout(r, 100));
        }
        expect(digest).toMatch(/^sha256:/);
      }
    } finally {
      await b.close();
    }

    expect(outputs.manualStatus).toBe("SUCCESS");

    // A rule deleted out of band: refresh drops it from state, the next up creates it again.
    await v3Driver(emulator.port).call("DeleteRepoSyncRule", { RegionId: "cn-hangzhou", InstanceId: "cri-emuaadvanced0001", SyncRuleId: outputs.ruleA }, keysOf(0));
    await pulumi(["refresh", "--yes", "--skip-preview"]);
    const again = JSON.parse((await pulumi(["preview", "--json"])).stdout);
    expect(again.changeSummary).toMatchObject({ create: 1 });
    await pulumi(["up", "--yes", "--skip-preview"]);
    const recreated = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout);
    expect(recreated.ruleA).not.toBe(outputs.ruleA);
    expect(await rulesInto()).toEqual([recreated.ruleA, outputs.ruleC].sort());
    outputs.ruleA = recreated.ruleA;

    // No key secret in the state file in plain text.
    const exported = (await pulumi(["stack", "export"])).stdout;
    for (const i of [0, 1, 2]) expect(exported).not.toContain(keysOf(i).accessKeySecret);
    await pulumi(["preview", "--expect-no-changes"]);

    // C leaves: its rule, attachment, policy and namespace go; A's principal and rule stay.
    await pulumi(["config", "set", "withC", "false"]);
    await pulumi(["up", "--yes", "--skip-preview"]);
    expect(await trusted()).toEqual(["1000000000000001@cr.aliyuncs.com"]);
    expect(await rulesInto()).toEqual([outputs.ruleA]);

    await pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(await trusted()).toBeUndefined();
    expect(await rulesInto()).toEqual([]);
  }, 600_000);
});
