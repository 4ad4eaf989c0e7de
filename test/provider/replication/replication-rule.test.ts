import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../sdk/oci";
import { pushImage } from "../../emulator/replication/support";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "../harness";
import { namespaceIn, push, repoIn, SOURCE_BASIC } from "./fixtures";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
  // Source: A's Advanced instance; target: A's Basic instance in the same region (same account).
  await namespaceIn(h, h.instanceA, "app");
  await repoIn(h, h.instanceA, "app", "web");
  await repoIn(h, h.instanceA, "app", "api");
  await namespaceIn(h, SOURCE_BASIC, "app");
  await repoIn(h, SOURCE_BASIC, "app", "web-copy");
});
afterAll(() => h.stop());

const rule = (extra: Record<string, unknown> = {}) => ({
  instanceId: h.instanceA,
  namespaceName: "app",
  syncRuleName: "to-basic",
  targetRegionId: "cn-hangzhou",
  targetInstanceId: SOURCE_BASIC,
  targetNamespaceName: "app",
  __provider: PROVIDER_TEXT,
  ...extra,
});

async function rulesOnSource(): Promise<Array<Record<string, unknown>>> {
  const body = await h.crAsA("ListRepoSyncRule", { InstanceId: h.instanceA, PageSize: 100 });
  return body.SyncRules as Array<Record<string, unknown>>;
}

describe("ReplicationRule against the emulator", () => {
  it("creates a repository rule, reads every field back, and drops out of state when deleted out of band", async () => {
    const news = rule({ syncRuleName: "repo-rule", syncScope: "REPO", repoName: "web", targetRepoName: "web-copy", tagFilter: "v[0-9]+", syncTrigger: "INITIATIVE" });
    expect((await dispatch.check("ReplicationRule", {}, news)).failures).toEqual([]);
    const created = await dispatch.create("ReplicationRule", news);
    expect(created.id).toMatch(/^crsr-/);
    expect(created.outs).toMatchObject({ syncRuleId: created.id, crossUser: false, latestTasks: [] });

    const refreshed = await dispatch.read("ReplicationRule", created.id, stateAfterCreate(created));
    expect(refreshed.id).toBe(created.id);
    const { __provider: _p, ...expected } = news;
    expect(refreshed.inputs).toEqual(expected);
    expect(await dispatch.diff("ReplicationRule", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, news)).toMatchObject({ changes: false });

    // Someone deletes the rule with the official client: refresh reports it gone instead of failing.
    await h.crAsA("DeleteRepoSyncRule", { InstanceId: h.instanceA, SyncRuleId: created.id });
    expect(await dispatch.read("ReplicationRule", created.id, stateAfterCreate(created))).toEqual({ id: "", props: {} });
    // Deleting what is already gone is done.
    await dispatch.delete("ReplicationRule", created.id, stateAfterCreate(created));
  });

  it("reads back namespace scope, repoNameFilter and a rule changed behind our back as drift", async () => {
    const news = rule({ syncRuleName: "ns-rule", repoNameFilter: "we.*", tagFilter: "release-.*" });
    const created = await dispatch.create("ReplicationRule", news);
    const refreshed = await dispatch.read("ReplicationRule", created.id, stateAfterCreate(created));
    expect(refreshed.inputs).toMatchObject({ repoNameFilter: "we.*", tagFilter: "release-.*" });
    expect(refreshed.inputs).not.toHaveProperty("syncScope");
    expect(refreshed.inputs).not.toHaveProperty("targetUserId");

    // Replaced out of band by a same-named rule with another filter: read follows the rule by ID, so it is gone.
    await h.crAsA("DeleteRepoSyncRule", { InstanceId: h.instanceA, SyncRuleId: created.id });
    await h.crAsA("CreateRepoSyncRule", {
      InstanceId: h.instanceA, NamespaceName: "app", SyncRuleName: "ns-rule", SyncScope: "NAMESPACE", TagFilter: ".*",
      TargetRegionId: "cn-hangzhou", TargetInstanceId: SOURCE_BASIC, TargetNamespaceName: "app",
    });
    expect((await dispatch.read("ReplicationRule", created.id, stateAfterCreate(created))).id).toBe("");
    const other = (await rulesOnSource()).find((r) => r.SyncRuleName === "ns-rule")!;
    // Adopting it shows the real filter, so the next diff replaces it.
    const adopted = await dispatch.create("ReplicationRule", { ...news, adopt: true });
    expect(adopted.id).toBe(other.SyncRuleId);
    const seen = await dispatch.read("ReplicationRule", adopted.id, stateAfterCreate(adopted));
    expect(seen.inputs).toMatchObject({ tagFilter: ".*" });
    expect(seen.inputs).not.toHaveProperty("repoNameFilter");
    const drift = await dispatch.diff("ReplicationRule", adopted.id, { ...seen.props, __provider: PROVIDER_TEXT }, news);
    expect({ ...drift, replaces: [...drift.replaces].sort() }).toEqual({ changes: true, replaces: ["repoNameFilter", "tagFilter"], deleteBeforeReplace: true });
    await dispatch.delete("ReplicationRule", adopted.id, stateAfterCreate(adopted));
    expect((await rulesOnSource()).map((r) => r.SyncRuleName)).not.toContain("ns-rule");
  });

  it("refuses to take over an existing rule without adopt, and never creates it twice", async () => {
    const news = rule({ syncRuleName: "existing" });
    const first = await dispatch.create("ReplicationRule", news);
    h.emulator.admin.resetCounters();
    await expect(dispatch.create("ReplicationRule", news)).rejects.toThrow(/already exists: set adopt: true/);
    expect((await rulesOnSource()).filter((r) => r.SyncRuleName === "existing")).toHaveLength(1);
    await dispatch.delete("ReplicationRule", first.id, stateAfterCreate(first));
  });

  it("replaces the rule (old one first) for any change, since there is no update API", async () => {
    const olds = { ...rule(), syncRuleId: "crsr-x" };
    for (const [key, value] of Object.entries({ tagFilter: "v.*", syncRuleName: "renamed", targetNamespaceName: "other", syncTrigger: "INITIATIVE", targetUserId: "2000000000000002" })) {
      expect(await dispatch.diff("ReplicationRule", "crsr-x", olds, rule({ [key]: value }))).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: true });
    }
    expect(await dispatch.diff("ReplicationRule", "crsr-x", olds, rule({ adopt: true }))).toMatchObject({ changes: false });
  });

  it("backfills existing matching tags once at create and shows the tasks a push starts", async () => {
    push(h, h.instanceA, "app", "web", "v1");
    push(h, h.instanceA, "app", "web", "dev");
    push(h, h.instanceA, "app", "api", "v1");
    const created = await dispatch.create("ReplicationRule", rule({ syncRuleName: "backfilled", tagFilter: "v[0-9]+", repoNameFilter: "web", backfill: true }));
    const ids = created.outs.backfillTaskIds as string[];
    expect(ids).toHaveLength(1);
    const task = await h.crAsA("GetRepoSyncTask", { InstanceId: h.instanceA, SyncTaskId: ids[0]! });
    expect(task).toMatchObject({ ImageFrom: { RepoName: "web", ImageTag: "v1" }, ImageTo: { InstanceId: SOURCE_BASIC, RepoName: "web", ImageTag: "v1" } });

    const started = push(h, h.instanceA, "app", "web", "v2");
    const refreshed = await dispatch.read("ReplicationRule", created.id, stateAfterCreate(created));
    const latest = refreshed.props.latestTasks as Array<{ syncTaskId: string }>;
    expect(latest).toEqual([expect.objectContaining({ status: "PENDING", repoName: "web", tag: "v2", trigger: "PASSIVE" })]);
    expect(started).toContain(latest[0]!.syncTaskId);
    expect(refreshed.props.backfillTaskIds).toEqual(ids);
    await dispatch.delete("ReplicationRule", created.id, stateAfterCreate(created));
  });

  it("refuses a targetUserId that is the source account itself before creating anything", async () => {
    h.emulator.admin.resetCounters();
    await expect(dispatch.create("ReplicationRule", rule({ syncRuleName: "self", targetUserId: h.uidA }))).rejects.toMatchObject({
      field: "targetUserId",
      message: expect.stringMatching(/is the source account itself/),
    });
    expect(h.emulator.admin.counters().CreateRepoSyncRule ?? 0).toBe(0);
  });

  it("refuses a Finance Cloud target from a public region before creating anything", async () => {
    h.emulator.admin.resetCounters();
    await expect(dispatch.create("ReplicationRule", rule({ syncRuleName: "fin", targetRegionId: "cn-shanghai-finance-1", targetInstanceId: "cri-emubfinance00001" }))).rejects.toThrow(
      /public-cloud region cn-hangzhou into the Finance Cloud region cn-shanghai-finance-1/,
    );
    expect(h.emulator.admin.counters().CreateRepoSyncRule ?? 0).toBe(0);
  });

  it("with the real data plane: backfill copies the existing tags, and a push afterwards shows up as a finished task", async () => {
    await namespaceIn(h, h.instanceA, "live");
    await namespaceIn(h, SOURCE_BASIC, "live");
    const login = async (instanceId: string) => {
      const token = await h.crAsA("GetAuthorizationToken", { InstanceId: instanceId });
      return new RegistryClient({ registry: `http://${h.emulator.dataPlane.hostFor(instanceId)!}`, credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string } });
    };
    const [source, target] = await Promise.all([login(h.instanceA), login(SOURCE_BASIC)]);
    try {
      const old = await pushImage(source, "live/app", "v1", [4096]);
      await pushImage(source, "live/app", "scratch", [100]);
      const created = await dispatch.create("ReplicationRule", rule({ syncRuleName: "live", namespaceName: "live", targetNamespaceName: "live", tagFilter: "v.*", backfill: true }));
      const [backfillTask] = created.outs.backfillTaskIds as string[];
      expect(await waitForStatus(backfillTask!)).toBe("SUCCESS");
      expect((await target.headManifest("live/app", "v1"))?.digest).toBe(old.digest);
      expect(await target.headManifest("live/app", "scratch")).toBeUndefined();

      const fresh = await pushImage(source, "live/app", "v2", [4096]);
      let latest: Array<{ status: string; tag: string }> = [];
      for (let i = 0; i < 100 && latest[0]?.status !== "SUCCESS"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        latest = (await dispatch.read("ReplicationRule", created.id, stateAfterCreate(created))).props.latestTasks as typeof latest;
      }
      expect(latest[0]).toMatchObject({ status: "SUCCESS", tag: "v2", trigger: "PASSIVE" });
      expect((await target.headManifest("live/app", "v2"))?.digest).toBe(fresh.digest);
      await dispatch.delete("ReplicationRule", created.id, stateAfterCreate(created));
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });
});

async function waitForStatus(taskId: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const task = await h.crAsA("GetRepoSyncTask", { InstanceId: h.instanceA, SyncTaskId: taskId });
    if (["SUCCESS", "ERROR", "CANCELED"].includes(task.TaskStatus as string)) return task.TaskStatus as string;
    await new Promise((r) => setTimeout(r, 100));
  }
  return "TIMEOUT";
}
