import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "../harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
  await h.crAsA("CreateNamespace", { InstanceId: h.instanceA, NamespaceName: "keep", AutoCreateRepo: false });
  await h.crAsA("CreateRepository", { InstanceId: h.instanceA, RepoNamespaceName: "keep", RepoName: "web", RepoType: "PRIVATE", Summary: "web" });
});
afterAll(() => h.stop());

const rule = (extra: Record<string, unknown> = {}) => ({
  instanceId: h.instanceA,
  scope: "REPO",
  namespaceName: "keep",
  repoName: "web",
  retentionTagCount: 3,
  tagRegexp: "^release-",
  auto: true,
  scheduleTime: "WEEK",
  enableDeleteTag: true,
  __provider: PROVIDER_TEXT,
  ...extra,
});

async function ruleIds(): Promise<string[]> {
  const body = await h.crAsA("ListArtifactLifecycleRule", { InstanceId: h.instanceA, PageSize: 100 });
  return (body.Rules as Array<{ RuleId: string }>).map((r) => r.RuleId);
}

describe("ArtifactLifecycleRule against the emulator", () => {
  it("creates a rule, sees an out-of-band change on refresh, updates every setting in place and deletes it", async () => {
    const news = rule();
    const created = await dispatch.create("ArtifactLifecycleRule", news);
    expect(created.id).toBe(created.outs.ruleId);
    expect(created.outs).toMatchObject({ scope: "REPO", retentionTagCount: 3, tagRegexp: "^release-", auto: true, scheduleTime: "WEEK", enableDeleteTag: true });
    expect(created.outs.nextTime).toBeGreaterThan(0);
    expect(await h.crAsA("GetArtifactLifecycleRule", { InstanceId: h.instanceA, RuleId: created.id })).toMatchObject({ RetentionTagCount: 3, TagRegexp: "^release-", Scope: "REPO", RepoName: "web" });

    // Someone keeps 10 tags instead, with the official client.
    await h.crAsA("UpdateArtifactLifecycleRule", { InstanceId: h.instanceA, RuleId: created.id, Scope: "REPO", NamespaceName: "keep", RepoName: "web", RetentionTagCount: 10, Auto: true, ScheduleTime: "MONTH" });
    const refreshed = await dispatch.read("ArtifactLifecycleRule", created.id, stateAfterCreate(created));
    expect(refreshed.inputs).toMatchObject({ retentionTagCount: 10, scheduleTime: "MONTH" });
    const drift = await dispatch.diff("ArtifactLifecycleRule", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, news);
    expect(drift).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    // Scope, count and expression all change in place: the rule keeps its ID.
    const wider = rule({ scope: "NAMESPACE", repoName: undefined, retentionTagCount: 5, tagRegexp: "^v1\\." });
    expect(await dispatch.diff("ArtifactLifecycleRule", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, wider)).toMatchObject({ changes: true, replaces: [] });
    const updated = await dispatch.update("ArtifactLifecycleRule", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, wider);
    expect(updated.outs).toMatchObject({ ruleId: created.id, scope: "NAMESPACE", retentionTagCount: 5, tagRegexp: "^v1\\.", scheduleTime: "WEEK" });
    expect(updated.outs.repoName).toBeUndefined();
    expect(await h.crAsA("GetArtifactLifecycleRule", { InstanceId: h.instanceA, RuleId: created.id })).toMatchObject({ Scope: "NAMESPACE", RetentionTagCount: 5 });
    expect(await dispatch.diff("ArtifactLifecycleRule", created.id, { ...updated.outs, __provider: PROVIDER_TEXT }, wider)).toMatchObject({ changes: false });

    await dispatch.delete("ArtifactLifecycleRule", created.id, { ...updated.outs, __provider: PROVIDER_TEXT });
    expect(await ruleIds()).not.toContain(created.id);
    // Refresh of a rule deleted elsewhere drops it.
    expect(await dispatch.read("ArtifactLifecycleRule", created.id, stateAfterCreate(created))).toEqual({ id: "", props: {} });
  });

  it("replaces when the instance changes", async () => {
    const olds = { ...rule(), ruleId: "cralr-x" };
    expect(await dispatch.diff("ArtifactLifecycleRule", "cralr-x", olds, rule({ instanceId: "cri-other" }))).toMatchObject({ changes: true, replaces: ["instanceId"] });
  });

  it("adopts the rule already on the same repository and applies the inputs", async () => {
    const made = await h.crAsA("CreateArtifactLifecycleRule", { InstanceId: h.instanceA, Scope: "REPO", NamespaceName: "keep", RepoName: "web", RetentionTagCount: 20 });
    const adopted = await dispatch.create("ArtifactLifecycleRule", rule({ adopt: true }));
    expect(adopted.id).toBe(made.RuleId);
    expect(await h.crAsA("GetArtifactLifecycleRule", { InstanceId: h.instanceA, RuleId: adopted.id })).toMatchObject({ RetentionTagCount: 3, TagRegexp: "^release-" });
    await dispatch.delete("ArtifactLifecycleRule", adopted.id, stateAfterCreate(adopted));
    expect(await ruleIds()).not.toContain(adopted.id);
  });

  it("does not create a second rule after an ambiguous create failure", async () => {
    h.emulator.admin.setFaults({ actions: { CreateArtifactLifecycleRule: { resetAfterCommitRate: 1 } } });
    h.emulator.admin.resetCounters();
    try {
      const created = await dispatch.create("ArtifactLifecycleRule", rule());
      expect(h.emulator.admin.counters().CreateArtifactLifecycleRule).toBe(1);
      expect((await ruleIds()).filter((id) => id === created.id)).toHaveLength(1);
      await dispatch.delete("ArtifactLifecycleRule", created.id, stateAfterCreate(created));
    } finally {
      h.emulator.admin.setFaults({});
    }
    expect(await ruleIds()).toEqual([]);
  });
});
