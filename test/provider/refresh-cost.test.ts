/**
 * What a `pulumi refresh` costs and what the state carries, on a realistic stack under the real
 * engine: a cross-account replication (trust, policy, attachment, target namespace, rule with
 * backfill), a manual copy, 8 namespaces × 3 repositories, a role with a policy and its attachment,
 * and an instance credential, on an instance that also holds 60 sync rules of other teams.
 * - P4: API calls per resource, from the emulator's counters, per resource type (one targeted
 *   refresh per type, so each type's calls are its own) and over a whole refresh: ≤ 1.2 on average.
 * - P5: the largest `__provider` in the exported state is ≤ 4 KB.
 * Needs the built package (npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { totalCalls } from "../e2e/support/emulator";
import { v3Driver } from "../emulator/cr/official-drivers";
import { pushImage } from "../emulator/replication/support";
import { RegistryClient } from "../../sdk/oci";
import { openEngineProgram, type EngineProgram } from "./engine-harness";

const A_INSTANCE = "cri-emuaadvanced0001";
const B_INSTANCE = "cri-emubshanghai0001";
const A_BASIC = "cri-emuabasic0000001";
const OTHER_RULES = 60;
const DYNAMIC = "pulumi-nodejs:dynamic/acr:";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const acr = require("pulumi-acr-ee");
const cfg = new pulumi.Config();
const endpoints = JSON.parse(cfg.require("endpoints"));
const conn = (who, region) => ({ region, accessKey: cfg.require(who + "Key"), secretKey: cfg.requireSecret(who + "Secret"), endpoints });
const a = conn("a", "cn-hangzhou");
const replication = new acr.CrossAccountReplication("to-b", {
  sourceConnection: a, sourceInstanceId: "${A_INSTANCE}", sourceNamespaceName: "shared",
  targetConnection: conn("b", "cn-shanghai"), targetInstanceId: "${B_INSTANCE}", targetRegionId: "cn-shanghai", targetNamespaceName: "from-a", backfill: true,
});
new acr.ImageReplication("manual", {
  instanceId: "${A_INSTANCE}", namespaceName: "shared", repoName: "app", tag: "v1",
  targetRegionId: "cn-shanghai", targetInstanceId: "${B_INSTANCE}", targetNamespaceName: "from-a", targetTag: "manual",
  targetUserId: replication.targetAccountId, connection: a, triggers: { run: 1 },
}, { dependsOn: [replication] });
for (let n = 0; n < 8; n++) {
  const ns = new acr.Namespace("ns-" + n, { instanceId: "${A_INSTANCE}", name: "team-" + n, connection: a });
  for (let r = 0; r < 3; r++) {
    new acr.Repository("repo-" + n + "-" + r, { instanceId: "${A_INSTANCE}", namespace: ns.name, name: "svc-" + r, summary: "service " + r, repoType: "PRIVATE", connection: a });
  }
}
const role = new acr.RamRole("ci-role", {
  name: "CiPusher",
  assumeRolePolicyDocument: { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs.aliyuncs.com" } }] },
  connection: a,
});
const policy = new acr.RamPolicy("ci-policy", {
  name: "CiPush",
  document: { Version: "1", Statement: [{ Effect: "Allow", Action: ["cr:PushRepository", "cr:PullRepository"], Resource: "*" }] },
  connection: a,
});
new acr.RamRolePolicyAttachment("ci-attachment", { roleName: role.name, policyName: policy.name, policyType: "Custom", connection: a });
new acr.InstanceCredential("login", { instanceId: "${A_INSTANCE}", rotation: "one", connection: a });
`;

let emulator: RunningEmulator;
let program: EngineProgram | undefined;
const pulumi: EngineProgram["pulumi"] = (args, options) => program!.pulumi(args, options);
const keysOf = (i: number) => ({ accessKeyId: emulator.seed.accounts[i]!.accessKeyId, accessKeySecret: emulator.seed.accounts[i]!.accessKeySecret });

interface StateResource {
  urn: string;
  type: string;
  outputs?: Record<string, unknown>;
}

async function stateResources(): Promise<StateResource[]> {
  return JSON.parse((await pulumi(["stack", "export"])).stdout).deployment.resources as StateResource[];
}

/** Counter deltas of one refresh limited to `urns` (all resources when empty). */
async function refreshCalls(urns: string[]): Promise<Record<string, number>> {
  emulator.admin.resetCounters();
  await pulumi(["refresh", "--yes", "--skip-preview", ...urns.flatMap((urn) => ["--target", urn])]);
  return emulator.admin.counters();
}

beforeAll(async () => {
  emulator = await startEmulator({});
  // A's source namespace holds one image, so backfill and the manual copy have something to copy.
  await v3Driver(emulator.port).call("CreateNamespace", { RegionId: "cn-hangzhou", InstanceId: A_INSTANCE, NamespaceName: "shared", AutoCreateRepo: true }, keysOf(0));
  const token = (await v3Driver(emulator.port).call("GetAuthorizationToken", { RegionId: "cn-hangzhou", InstanceId: A_INSTANCE }, keysOf(0))).body;
  const registry = new RegistryClient({
    registry: `http://${emulator.dataPlane.hostFor(A_INSTANCE)!}`,
    credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string },
  });
  await pushImage(registry, "shared/app", "v1", [2048]);
  await registry.close();
  // Other teams' rules on the same instance, more than one page of ListRepoSyncRule.
  const asA = (action: string, params: Record<string, string | boolean>) => v3Driver(emulator.port).call(action, { RegionId: "cn-hangzhou", ...params }, keysOf(0));
  await asA("CreateNamespace", { InstanceId: A_INSTANCE, NamespaceName: "other", AutoCreateRepo: true });
  await asA("CreateNamespace", { InstanceId: A_BASIC, NamespaceName: "mirror", AutoCreateRepo: true });
  for (let i = 0; i < OTHER_RULES; i++) {
    const made = await asA("CreateRepoSyncRule", {
      InstanceId: A_INSTANCE, NamespaceName: "other", SyncRuleName: `other-${i}`, SyncScope: "NAMESPACE", TagFilter: ".*",
      TargetRegionId: "cn-hangzhou", TargetInstanceId: A_BASIC, TargetNamespaceName: "mirror",
    });
    if (!made.ok) throw new Error(`CreateRepoSyncRule: ${made.code}`);
  }

  program = await openEngineProgram("refresh-cost", PROGRAM);
  await pulumi(["config", "set", "endpoints", JSON.stringify({ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint })]);
  for (const [who, i] of [["a", 0], ["b", 1]] as const) {
    await pulumi(["config", "set", `${who}Key`, keysOf(i).accessKeyId]);
    await pulumi(["config", "set", "--secret", `${who}Secret`, keysOf(i).accessKeySecret]);
  }
  await pulumi(["up", "--yes", "--skip-preview"]);
}, 300_000);

afterAll(async () => {
  await program?.dispose();
  await emulator?.stop();
}, 300_000);

describe("refresh of a realistic stack", () => {
  it("reads each resource with about one API call: per type and ≤ 1.2 on average", async () => {
    const dynamic = (await stateResources()).filter((r) => r.type.startsWith(DYNAMIC));
    expect(dynamic.length).toBeGreaterThanOrEqual(35);
    const byType = new Map<string, string[]>();
    for (const r of dynamic) byType.set(r.type.slice(DYNAMIC.length), [...(byType.get(r.type.slice(DYNAMIC.length)) ?? []), r.urn]);

    const perType: Record<string, { resources: number; calls: number; actions: Record<string, number> }> = {};
    for (const [type, urns] of byType) {
      const actions = await refreshCalls(urns);
      perType[type] = { resources: urns.length, calls: Object.values(actions).reduce((s, n) => s + n, 0), actions };
    }
    console.log(`refresh calls per type: ${JSON.stringify(perType)}`);
    // Every type's read is direct: one call per resource, no identity look-ups or listings on top;
    // a rule (there is no GetRepoSyncRule) adds one page of its newest tasks.
    for (const [type, { resources, calls }] of Object.entries(perType)) {
      const allowed = type === "ReplicationRule" ? 2 * resources : resources;
      expect(calls, `${type}: ${calls} calls for ${resources} resources`).toBeLessThanOrEqual(allowed);
    }
    // The instance holds 60 other rules, more than a page: the rule's read lists only its own corner.
    expect(perType.ReplicationRule!.actions.ListRepoSyncRule).toBe(perType.ReplicationRule!.resources);

    await refreshCalls([]);
    const whole = totalCalls(emulator);
    console.log(`whole refresh: ${whole} calls for ${dynamic.length} resources = ${(whole / dynamic.length).toFixed(3)} per resource`);
    expect(whole / dynamic.length).toBeLessThanOrEqual(1.2);
    // Refresh read what it should: nothing drifted, nothing dropped.
    await pulumi(["preview", "--expect-no-changes"]);
    expect((await stateResources()).filter((r) => r.type.startsWith(DYNAMIC))).toHaveLength(dynamic.length);
  }, 600_000);

  it("keeps every serialized provider in the exported state at most 4 KB", async () => {
    const sizes = (await stateResources())
      .filter((r) => r.type.startsWith(DYNAMIC))
      .map((r) => ({ type: r.type, bytes: Buffer.byteLength(String(r.outputs?.__provider ?? "")) }));
    const largest = sizes.reduce((max, s) => (s.bytes > max.bytes ? s : max));
    console.log(`largest __provider: ${largest.bytes} bytes (${largest.type})`);
    expect(sizes.every((s) => s.bytes > 0)).toBe(true);
    expect(largest.bytes).toBeLessThanOrEqual(4096);
  }, 120_000);
});
