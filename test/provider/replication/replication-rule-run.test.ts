/**
 * ReplicationRuleRun against the emulator's sync executor: a manual (INITIATIVE) rule from account
 * A's Advanced instance to its Basic instance, run for one tag and for every tag its filter matches.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../sdk/oci";
import { clientsFor } from "../../../provider/clients";
import { mergeConnection } from "../../../provider/connection";
import { currentStackConnection } from "../../../provider/dispatch";
import { replicationRuleRunDefinition } from "../../../provider/resources/replication-rule-run/definition";
import type { ReplicationRuleRunInputs } from "../../../provider/resources/replication-rule-run/args";
import { pushImage, type PushedImage } from "../../emulator/replication/support";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "../harness";
import { crState, namespaceIn, repoIn, SOURCE_BASIC } from "./fixtures";

let h: ProviderHarness;
let source: RegistryClient;
let target: RegistryClient;
let manualRule: string;
let passiveRule: string;
const images: Record<string, PushedImage> = {};

async function loginTo(instanceId: string): Promise<RegistryClient> {
  const token = await h.crAsA("GetAuthorizationToken", { InstanceId: instanceId });
  return new RegistryClient({
    registry: `http://${h.emulator.dataPlane.hostFor(instanceId)!}`,
    credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string },
  });
}

const ruleParams = (name: string, trigger: string, repo: string) => ({
  InstanceId: h.instanceA, NamespaceName: "run", RepoName: repo, SyncScope: "REPO", SyncTrigger: trigger, SyncRuleName: name, TagFilter: "release-.*",
  TargetRegionId: "cn-hangzhou", TargetInstanceId: SOURCE_BASIC, TargetNamespaceName: "run", TargetRepoName: repo,
});

beforeAll(async () => {
  h = await startProviderHarness();
  await namespaceIn(h, h.instanceA, "run");
  await namespaceIn(h, SOURCE_BASIC, "run");
  [source, target] = await Promise.all([loginTo(h.instanceA), loginTo(SOURCE_BASIC)]);
  for (const tag of ["release-1", "release-2", "dev-1"]) images[tag] = await pushImage(source, "run/svc", tag, [32 * 1024]);
  await pushImage(source, "run/other", "release-1", [1024]);
  for (const repo of ["svc", "other"]) await repoIn(h, SOURCE_BASIC, "run", repo);
  manualRule = (await h.crAsA("CreateRepoSyncRule", ruleParams("manual", "INITIATIVE", "svc"))).SyncRuleId as string;
  passiveRule = (await h.crAsA("CreateRepoSyncRule", ruleParams("auto", "PASSIVE", "other"))).SyncRuleId as string;
}, 60_000);
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
  await h?.stop();
});

const run = (extra: Record<string, unknown> = {}) => ({ instanceId: h.instanceA, syncRuleId: manualRule, namespaceName: "run", repoName: "svc", __provider: PROVIDER_TEXT, ...extra });

describe("ReplicationRuleRun against the emulator's sync executor", () => {
  it("runs the rule for every tag its filter matches, waits, and the target holds exactly those", async () => {
    const created = await dispatch.create("ReplicationRuleRun", run({ triggers: { release: 1 } }));
    expect(created.outs).toMatchObject({ status: "SUCCESS", tags: ["release-1", "release-2"] });
    expect(created.outs.taskIds).toHaveLength(2);
    expect(created.outs.syncedSize).toBeGreaterThan(0);
    for (const tag of ["release-1", "release-2"]) expect((await target.headManifest("run/svc", tag))?.digest).toBe(images[tag]!.digest);
    expect(await target.headManifest("run/svc", "dev-1")).toBeUndefined();

    // Only a change of triggers (or what it runs) runs it again; refresh keeps it with its outputs.
    const state = stateAfterCreate(created);
    expect(await dispatch.diff("ReplicationRuleRun", created.id, state, run({ triggers: { release: 1 } }))).toMatchObject({ changes: false });
    expect(await dispatch.diff("ReplicationRuleRun", created.id, state, run({ triggers: { release: 2 } }))).toMatchObject({ changes: true, replaces: ["triggers"] });
    const refreshed = await dispatch.read("ReplicationRuleRun", created.id, state);
    expect(refreshed.props).toMatchObject({ tags: ["release-1", "release-2"], taskIds: created.outs.taskIds, syncedSize: created.outs.syncedSize });

    h.emulator.admin.resetCounters();
    await dispatch.delete("ReplicationRuleRun", created.id, state);
    expect(h.emulator.admin.counters().CancelRepoSyncTask ?? 0).toBe(0);
    expect((await target.headManifest("run/svc", "release-1"))?.digest).toBe(images["release-1"]!.digest);
  });

  it("runs one named tag only", async () => {
    const created = await dispatch.create("ReplicationRuleRun", run({ tag: "release-2" }));
    expect(created.outs).toMatchObject({ tags: ["release-2"], status: "SUCCESS" });
    expect(crState(h).syncTasks[(created.outs.taskIds as string[])[0]!]).toMatchObject({ status: "SUCCESS", trigger: "INITIATIVE", syncRuleId: manualRule });
  });

  it("adopts the tasks whose start answers were lost after the work was done, and starts no second copy", async () => {
    for (const tag of ["release-3", "release-4"]) images[tag] = await pushImage(source, "run/svc", tag, [16 * 1024]);
    const tasksOfRule = () => Object.values(crState(h).syncTasks).filter((t) => t.syncRuleId === manualRule && ["release-3", "release-4"].includes(t.from.tag));
    expect(tasksOfRule()).toEqual([]);
    h.emulator.admin.resetCounters();
    h.emulator.admin.setFaults({ actions: { CreateRepoSyncTaskByRule: { resetAfterCommitRate: 1 } } });
    let created: Awaited<ReturnType<typeof dispatch.create>>;
    try {
      created = await dispatch.create("ReplicationRuleRun", run({ triggers: { lost: 1 } }));
    } finally {
      h.emulator.admin.setFaults({});
    }
    expect(h.emulator.admin.counters().CreateRepoSyncTaskByRule).toBe((created.outs.tags as string[]).length);
    const started = tasksOfRule();
    expect(started.map((t) => t.from.tag).sort()).toEqual(["release-3", "release-4"]);
    expect(created.outs).toMatchObject({ status: "SUCCESS" });
    expect(created.outs.taskIds).toEqual(expect.arrayContaining(started.map((t) => t.syncTaskId)));
    for (const tag of ["release-3", "release-4"]) expect((await target.headManifest("run/svc", tag))?.digest).toBe(images[tag]!.digest);
  });

  it("fails with the service's reason when the tag is outside the rule's filter", async () => {
    await expect(dispatch.create("ReplicationRuleRun", run({ tag: "dev-1" }))).rejects.toThrow(/dev-1 does not match the TagFilter/);
  });

  it("refuses an automatic rule before starting anything, naming syncRuleId", async () => {
    h.emulator.admin.resetCounters();
    await expect(dispatch.create("ReplicationRuleRun", run({ syncRuleId: passiveRule, repoName: "other" }))).rejects.toMatchObject({ field: "syncRuleId", message: expect.stringMatching(/automatic \(PASSIVE\).*only a manual \(INITIATIVE\) rule/) });
    expect(h.emulator.admin.counters().CreateRepoSyncTaskByRule ?? 0).toBe(0);
  });

  it("cancels its tasks and names customTimeouts when the deadline passes", async () => {
    await pushImage(source, "run/svc", "release-slow", [64 * 1024]);
    h.emulator.admin.setFaults({ registry: [{ kind: "latency", instanceId: h.instanceA, method: "GET", path: "/blobs/", latencyMs: 1500 }] });
    const lines: string[] = [];
    try {
      const clients = await clientsFor(mergeConnection(undefined, currentStackConnection()));
      const ctx = { clients: async () => clients, log: (line: string) => lines.push(line), deadlineMs: Date.now() + 600 };
      const { __provider: _p, ...inputs } = run({ tag: "release-slow" });
      await expect(replicationRuleRunDefinition.create(ctx, inputs as ReplicationRuleRunInputs)).rejects.toThrow(/did not finish within 1 s and were cancelled: raise customTimeouts.create/);
    } finally {
      h.emulator.admin.setFaults({});
    }
    const taskId = /as (rst-[a-z0-9]+)/.exec(lines.find((l) => l.startsWith("running rule"))!)![1]!;
    expect(crState(h).syncTasks[taskId]!.status).toBe("CANCELED");
    expect(await target.headManifest("run/svc", "release-slow")).toBeUndefined();
  });
});
