import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "../harness";

let h: ProviderHarness;
let repoId: string;
beforeAll(async () => {
  h = await startProviderHarness();
  await h.crAsA("CreateNamespace", { InstanceId: h.instanceA, NamespaceName: "hooks", AutoCreateRepo: false });
  repoId = (await h.crAsA("CreateRepository", { InstanceId: h.instanceA, RepoNamespaceName: "hooks", RepoName: "web", RepoType: "PRIVATE", Summary: "web" })).RepoId as string;
});
afterAll(() => h.stop());

const URL_WITH_TOKEN = "https://hooks.example.com/deploy?token=tr1gg3r-s3cret";

const trigger = (extra: Record<string, unknown> = {}) => ({
  instanceId: h.instanceA,
  repoId,
  name: "deploy",
  url: URL_WITH_TOKEN,
  type: "TAG_LIST",
  tags: ["v1", "latest"],
  __provider: PROVIDER_TEXT,
  ...extra,
});

type Listed = { TriggerId: string; TriggerName: string; TriggerType: string; TriggerTag: string; TriggerUrl: string };
async function triggers(): Promise<Listed[]> {
  return (await h.crAsA("ListRepoTrigger", { InstanceId: h.instanceA, RepoId: repoId })).Triggers as Listed[];
}

describe("RepoTrigger against the emulator", () => {
  it("creates a trigger, sees an out-of-band change on refresh, updates it in place and deletes it", async () => {
    const news = trigger();
    const created = await dispatch.create("RepoTrigger", news);
    expect(created.id).toBe(created.outs.triggerId);
    expect(created.outs).toMatchObject({ name: "deploy", url: URL_WITH_TOKEN, type: "TAG_LIST", tags: ["v1", "latest"] });
    expect(await triggers()).toEqual([expect.objectContaining({ TriggerId: created.id, TriggerType: "TAG_LIST", TriggerTag: '["v1","latest"]', TriggerUrl: URL_WITH_TOKEN })]);

    // Someone switches it to an expression with the official client.
    await h.crAsA("UpdateRepoTrigger", { InstanceId: h.instanceA, RepoId: repoId, TriggerId: created.id, TriggerType: "TAG_REG_EXP", TriggerTag: "^v" });
    const refreshed = await dispatch.read("RepoTrigger", created.id, stateAfterCreate(created));
    expect(refreshed.inputs).toMatchObject({ type: "TAG_REG_EXP", tagRegexp: "^v" });
    expect(refreshed.inputs?.tags).toBeUndefined();
    expect(await dispatch.diff("RepoTrigger", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    const renamed = trigger({ name: "deploy-2", url: "http://127.0.0.1:8080/hook", type: "ALL", tags: undefined });
    const updated = await dispatch.update("RepoTrigger", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, renamed);
    expect(updated.outs).toMatchObject({ triggerId: created.id, name: "deploy-2", type: "ALL", url: "http://127.0.0.1:8080/hook" });
    expect(await triggers()).toEqual([expect.objectContaining({ TriggerId: created.id, TriggerName: "deploy-2", TriggerType: "ALL", TriggerTag: "*" })]);
    expect(await dispatch.diff("RepoTrigger", created.id, { ...updated.outs, __provider: PROVIDER_TEXT }, renamed)).toMatchObject({ changes: false });

    await dispatch.delete("RepoTrigger", created.id, { ...updated.outs, __provider: PROVIDER_TEXT });
    expect(await triggers()).toEqual([]);
    expect(await dispatch.read("RepoTrigger", created.id, stateAfterCreate(created))).toEqual({ id: "", props: {} });
  });

  it("replaces when the repository changes", async () => {
    const olds = { ...trigger(), triggerId: "t-1" };
    expect(await dispatch.diff("RepoTrigger", "t-1", olds, trigger({ repoId: "crr-other" }))).toMatchObject({ changes: true, replaces: ["repoId"] });
  });

  it("refuses a trigger name already on the repository unless adopt is set, then adopts and applies the inputs", async () => {
    const made = await h.crAsA("CreateRepoTrigger", { InstanceId: h.instanceA, RepoId: repoId, TriggerName: "deploy", TriggerType: "ALL", TriggerTag: "*", TriggerUrl: "http://127.0.0.1:9000/old" });
    await expect(dispatch.create("RepoTrigger", trigger())).rejects.toThrow(/already exists: set adopt: true/);
    const adopted = await dispatch.create("RepoTrigger", trigger({ adopt: true }));
    expect(adopted.id).toBe(made.TriggerId);
    expect(await triggers()).toEqual([expect.objectContaining({ TriggerId: made.TriggerId, TriggerType: "TAG_LIST", TriggerUrl: URL_WITH_TOKEN })]);
    await dispatch.delete("RepoTrigger", adopted.id, stateAfterCreate(adopted));
    expect(await triggers()).toEqual([]);
  });
});
