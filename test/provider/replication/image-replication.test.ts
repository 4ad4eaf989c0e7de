/**
 * ImageReplication against the emulator. Until the emulator's sync executor lands, the test plays
 * the data plane: it drives each task to its end with the emulator's own transition functions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishSyncTask, reportSyncProgress, type SyncTaskRecord } from "../../../emulator/cr";
import { clientsFor } from "../../../provider/clients";
import { mergeConnection } from "../../../provider/connection";
import { currentStackConnection } from "../../../provider/dispatch";
import { imageReplicationDefinition } from "../../../provider/resources/image-replication/definition";
import type { ImageReplicationInputs } from "../../../provider/resources/image-replication/args";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "../harness";
import { crState, fakeDigest, namespaceIn, push, repoIn, SOURCE_BASIC } from "./fixtures";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
  await namespaceIn(h, h.instanceA, "rep");
  await repoIn(h, h.instanceA, "rep", "svc");
  push(h, h.instanceA, "rep", "svc", "1.0");
  await namespaceIn(h, SOURCE_BASIC, "rep");
});
afterAll(() => h.stop());

const copy = (extra: Record<string, unknown> = {}) => ({
  instanceId: h.instanceA,
  namespaceName: "rep",
  repoName: "svc",
  tag: "1.0",
  targetRegionId: "cn-hangzhou",
  targetInstanceId: SOURCE_BASIC,
  targetNamespaceName: "rep",
  __provider: PROVIDER_TEXT,
  ...extra,
});

function tasks(): SyncTaskRecord[] {
  return Object.values(crState(h).syncTasks);
}

/** Wait for a task that was not there before, then end it the way `finish` says. */
async function playDataPlane(before: Set<string>, finish: (task: SyncTaskRecord) => void): Promise<SyncTaskRecord> {
  for (let i = 0; i < 200; i++) {
    const task = tasks().find((t) => !before.has(t.syncTaskId));
    if (task) {
      finish(task);
      return task;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("no sync task appeared");
}

const known = () => new Set(tasks().map((t) => t.syncTaskId));

describe("ImageReplication against the emulator", () => {
  it("waits for the task, reports progress and returns the task, size and digest", async () => {
    const before = known();
    const creating = dispatch.create("ImageReplication", copy({ triggers: { build: 1 } }));
    const task = await playDataPlane(before, (t) => {
      reportSyncProgress(crState(h), t.syncTaskId, { syncedSize: 512, progress: 0.5 }, Date.now());
      setTimeout(() => finishSyncTask(crState(h), t.syncTaskId, { status: "SUCCESS" }, Date.now()), 400);
    });
    const created = await creating;
    expect(created.id).toBe(task.syncTaskId);
    expect(created.outs).toMatchObject({ taskId: task.syncTaskId, status: "SUCCESS", syncedSize: 512, digest: fakeDigest("svc:1.0") });
    expect(task.to).toMatchObject({ instanceId: SOURCE_BASIC, namespaceName: "rep", repoName: "svc", tag: "1.0" });

    // Re-runs only when an input or a trigger changes.
    const state = stateAfterCreate(created);
    expect(await dispatch.diff("ImageReplication", created.id, state, copy({ triggers: { build: 1 } }))).toMatchObject({ changes: false });
    expect(await dispatch.diff("ImageReplication", created.id, state, copy({ triggers: { build: 2 } }))).toMatchObject({ changes: true, replaces: ["triggers"] });
    expect(await dispatch.diff("ImageReplication", created.id, state, copy({ triggers: { build: 1 }, waitTimeoutSeconds: 60 }))).toMatchObject({ replaces: [] });

    // Refresh keeps it; delete of a finished copy removes nothing.
    expect((await dispatch.read("ImageReplication", created.id, state)).id).toBe(created.id);
    h.emulator.admin.resetCounters();
    await dispatch.delete("ImageReplication", created.id, state);
    expect(h.emulator.admin.counters().CancelRepoSyncTask ?? 0).toBe(0);
    expect(crState(h).syncTasks[created.id]!.status).toBe("SUCCESS");
  });

  it("fails with the task's reason in words", async () => {
    const before = known();
    const creating = dispatch.create("ImageReplication", copy());
    await playDataPlane(before, (t) => finishSyncTask(crState(h), t.syncTaskId, { status: "ERROR", issue: "TAG_CONFLICT" }, Date.now()));
    await expect(creating).rejects.toThrow(/ended ERROR: TAG_CONFLICT: the destination tag already exists \(set override: true to overwrite it/);
  });

  it("asks for no overwrite unless override is set", async () => {
    for (const [override, expected] of [[undefined, false], [false, false], [true, true]] as const) {
      const before = known();
      const creating = dispatch.create("ImageReplication", copy(override === undefined ? {} : { override }));
      const task = await playDataPlane(before, (t) => finishSyncTask(crState(h), t.syncTaskId, { status: "SUCCESS" }, Date.now()));
      await creating;
      expect(task.override).toBe(expected);
    }
  });

  it("cancels the task and names customTimeouts when the deadline passes", async () => {
    const clients = await clientsFor(mergeConnection(undefined, currentStackConnection()));
    const lines: string[] = [];
    const ctx = { clients: async () => clients, log: (line: string) => lines.push(line), deadlineMs: Date.now() + 1200 };
    const { __provider: _p, ...inputs } = copy();
    const before = known();
    await expect(imageReplicationDefinition.create(ctx, inputs as ImageReplicationInputs)).rejects.toThrow(/did not finish within 1 s and was cancelled: raise customTimeouts.create/);
    const task = tasks().find((t) => !before.has(t.syncTaskId))!;
    expect(task.status).toBe("CANCELED");
    expect(lines.some((l) => l.includes(`${task.syncTaskId}: PENDING 0%`))).toBe(true);
  });

  it("cancels a running task on delete and removes nothing else", async () => {
    const repo = await h.crAsA("GetRepository", { InstanceId: h.instanceA, RepoNamespaceName: "rep", RepoName: "svc" });
    const started = await h.crAsA("CreateRepoSyncTask", {
      InstanceId: h.instanceA, RepoId: repo.RepoId as string, Tag: "1.0", TargetRegionId: "cn-hangzhou",
      TargetInstanceId: SOURCE_BASIC, TargetNamespace: "rep", TargetRepoName: "svc", TargetTag: "running",
    });
    const taskId = started.SyncTaskId as string;
    h.emulator.admin.resetCounters();
    await dispatch.delete("ImageReplication", taskId, { ...copy({ targetTag: "running" }), taskId, status: "SYNCHRONIZING" });
    expect(crState(h).syncTasks[taskId]!.status).toBe("CANCELED");
    const calls = h.emulator.admin.counters();
    expect(Object.keys(calls).filter((action) => action.startsWith("Delete"))).toEqual([]);
  });

  it("says which field is wrong when the source tag does not exist, before starting anything", async () => {
    h.emulator.admin.resetCounters();
    await expect(dispatch.create("ImageReplication", copy({ tag: "9.9" }))).rejects.toMatchObject({ field: "tag", message: expect.stringMatching(/has no tag 9.9/) });
    expect(h.emulator.admin.counters().CreateRepoSyncTask ?? 0).toBe(0);
  });
});
