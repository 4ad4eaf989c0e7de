/**
 * ImageReplication against the emulator and its real sync executor: images pushed into account A's
 * Advanced instance are copied by CreateRepoSyncTask into A's Basic instance, registry to registry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../sdk/oci";
import { clientsFor } from "../../../provider/clients";
import { mergeConnection } from "../../../provider/connection";
import { currentStackConnection } from "../../../provider/dispatch";
import { imageReplicationDefinition } from "../../../provider/resources/image-replication/definition";
import type { ImageReplicationInputs } from "../../../provider/resources/image-replication/args";
import { pushImage, type PushedImage } from "../../emulator/replication/support";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "../harness";
import { crState, namespaceIn, SOURCE_BASIC } from "./fixtures";

let h: ProviderHarness;
let source: RegistryClient;
let target: RegistryClient;
let image: PushedImage;

async function loginTo(instanceId: string): Promise<RegistryClient> {
  const token = await h.crAsA("GetAuthorizationToken", { InstanceId: instanceId });
  return new RegistryClient({
    registry: `http://${h.emulator.dataPlane.hostFor(instanceId)!}`,
    credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string },
  });
}

beforeAll(async () => {
  h = await startProviderHarness();
  await namespaceIn(h, h.instanceA, "rep");
  await namespaceIn(h, SOURCE_BASIC, "rep");
  [source, target] = await Promise.all([loginTo(h.instanceA), loginTo(SOURCE_BASIC)]);
  image = await pushImage(source, "rep/svc", "1.0", [128 * 1024, 2000]);
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
  await h?.stop();
});

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

async function contextWith(deadlineMs: number, lines: string[] = []) {
  const clients = await clientsFor(mergeConnection(undefined, currentStackConnection()));
  return { clients: async () => clients, log: (line: string) => lines.push(line), deadlineMs };
}

describe("ImageReplication against the emulator's sync executor", () => {
  it("adopts the task whose start answer was lost after the work was done, and starts no second copy", async () => {
    h.emulator.admin.resetCounters();
    h.emulator.admin.setFaults({ actions: { CreateRepoSyncTask: { resetAfterCommitRate: 1 } } });
    let created: Awaited<ReturnType<typeof dispatch.create>>;
    try {
      created = await dispatch.create("ImageReplication", copy({ targetTag: "1.0-lost" }));
    } finally {
      h.emulator.admin.setFaults({});
    }
    expect(h.emulator.admin.counters().CreateRepoSyncTask).toBe(1);
    const started = Object.values(crState(h).syncTasks).filter((t) => t.to.tag === "1.0-lost");
    expect(started.map((t) => t.syncTaskId)).toEqual([created.id]);
    expect(created.outs).toMatchObject({ status: "SUCCESS", digest: image.digest });
    expect((await target.headManifest("rep/svc", "1.0-lost"))?.digest).toBe(image.digest);
  });

  it("waits for the copy and returns the task, size and digest; the target holds the same image", async () => {
    const created = await dispatch.create("ImageReplication", copy({ targetTag: "1.0-copy", triggers: { build: 1 } }));
    expect(created.id).toMatch(/^rst-/);
    expect(created.outs).toMatchObject({ taskId: created.id, status: "SUCCESS", digest: image.digest });
    expect(created.outs.syncedSize).toBe(image.size);
    expect((await target.headManifest("rep/svc", "1.0-copy"))?.digest).toBe(image.digest);

    // Re-runs only when an input or a trigger changes.
    const state = stateAfterCreate(created);
    expect(await dispatch.diff("ImageReplication", created.id, state, copy({ targetTag: "1.0-copy", triggers: { build: 1 } }))).toMatchObject({ changes: false });
    expect(await dispatch.diff("ImageReplication", created.id, state, copy({ targetTag: "1.0-copy", triggers: { build: 2 } }))).toMatchObject({ changes: true, replaces: ["triggers"] });
    expect(await dispatch.diff("ImageReplication", created.id, state, copy({ targetTag: "1.0-copy", triggers: { build: 1 }, waitTimeoutSeconds: 60 }))).toMatchObject({ replaces: [] });

    // Refresh keeps it; deleting a finished copy cancels nothing and removes nothing.
    expect((await dispatch.read("ImageReplication", created.id, state)).id).toBe(created.id);
    h.emulator.admin.resetCounters();
    await dispatch.delete("ImageReplication", created.id, state);
    expect(Object.keys(h.emulator.admin.counters()).filter((a) => a.startsWith("Delete") || a === "CancelRepoSyncTask")).toEqual([]);
    expect((await target.headManifest("rep/svc", "1.0-copy"))?.digest).toBe(image.digest);
  });

  it("respects override=false: an existing target tag with other content fails with a readable TAG_CONFLICT", async () => {
    const other = await pushImage(target, "rep/svc", "taken");
    await expect(dispatch.create("ImageReplication", copy({ targetTag: "taken" }))).rejects.toThrow(
      /ended ERROR: TAG_CONFLICT: the destination tag already exists \(set override: true to overwrite it/,
    );
    expect((await target.headManifest("rep/svc", "taken"))?.digest).toBe(other.digest);

    const overwritten = await dispatch.create("ImageReplication", copy({ targetTag: "taken", override: true }));
    expect(overwritten.outs.status).toBe("SUCCESS");
    expect((await target.headManifest("rep/svc", "taken"))?.digest).toBe(image.digest);
  });

  it("cancels the task and names customTimeouts when the deadline passes", async () => {
    // Slow source blob reads keep the copy running past the deadline.
    h.emulator.admin.setFaults({ registry: [{ kind: "latency", instanceId: h.instanceA, method: "GET", path: "/blobs/", latencyMs: 1500 }] });
    await pushImage(source, "rep/slow", "1", [64 * 1024]);
    const lines: string[] = [];
    try {
      const { __provider: _p, ...inputs } = copy({ repoName: "slow", tag: "1" });
      await expect(imageReplicationDefinition.create(await contextWith(Date.now() + 600, lines), inputs as ImageReplicationInputs)).rejects.toThrow(
        /did not finish within 1 s and was cancelled: raise the resource's customTimeouts.create/,
      );
    } finally {
      h.emulator.admin.setFaults({});
    }
    const taskId = /^(rst-[a-z0-9]+):/.exec(lines.find((l) => l.startsWith("rst-"))!)![1]!;
    expect(crState(h).syncTasks[taskId]!.status).toBe("CANCELED");
    expect(await target.headManifest("rep/slow", "1")).toBeUndefined();
  });

  it("cancels a running task on delete", async () => {
    h.emulator.admin.setFaults({ registry: [{ kind: "latency", instanceId: h.instanceA, method: "GET", path: "/blobs/", latencyMs: 1500 }] });
    try {
      const repo = await h.crAsA("GetRepository", { InstanceId: h.instanceA, RepoNamespaceName: "rep", RepoName: "svc" });
      const started = await h.crAsA("CreateRepoSyncTask", {
        InstanceId: h.instanceA, RepoId: repo.RepoId as string, Tag: "1.0", TargetRegionId: "cn-hangzhou",
        TargetInstanceId: SOURCE_BASIC, TargetNamespace: "rep", TargetRepoName: "svc", TargetTag: "running",
      });
      const taskId = started.SyncTaskId as string;
      await dispatch.delete("ImageReplication", taskId, { ...copy({ targetTag: "running" }), taskId, status: "SYNCHRONIZING" });
      expect(crState(h).syncTasks[taskId]!.status).toBe("CANCELED");
    } finally {
      h.emulator.admin.setFaults({});
    }
  });

  it("says which field is wrong when the source tag does not exist, before starting anything", async () => {
    h.emulator.admin.resetCounters();
    await expect(dispatch.create("ImageReplication", copy({ tag: "9.9" }))).rejects.toMatchObject({ field: "tag", message: expect.stringMatching(/has no tag 9.9/) });
    expect(h.emulator.admin.counters().CreateRepoSyncTask ?? 0).toBe(0);
  });
});
