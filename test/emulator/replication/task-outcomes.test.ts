/**
 * How manual copies end, against the real emulator (account A, Advanced → Basic): Override, a
 * manual rule run by hand, cancellation of a slow copy, a corrupted source blob, a target that no
 * longer creates repositories, and the executor's bound on tasks running at once. Every failure
 * leaves the target tag untouched.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordTag, type CrState } from "../../../emulator/cr";
import type { RegistryClient } from "../../../sdk/oci";
import { A_ADV, A_BASIC, advancedToBasic, autoNamespace, manifestOf, pushImage, pushIndex, waitForTask, waitForTasks, type Env, type PushedImage } from "./support";

let env: Env;
let source: RegistryClient;
let target: RegistryClient;

beforeAll(async () => {
  ({ env, source, target } = await advancedToBasic());
});
afterEach(() => env.emulator.admin.setFaults({}));
afterAll(async () => env?.close());

async function repoId(instanceId: string, repo: string): Promise<string> {
  return (await env.a.cr.getRepository({ InstanceId: instanceId, RepoNamespaceName: "team", RepoName: repo })).RepoId;
}

async function copyTask(repo: string, tag: string, extra: { Override?: boolean; TargetTag?: string } = {}): Promise<string> {
  const { SyncTaskId } = await env.a.cr.createRepoSyncTask({
    InstanceId: A_ADV,
    RepoId: await repoId(A_ADV, repo),
    Tag: tag,
    TargetRegionId: "cn-hangzhou",
    TargetInstanceId: A_BASIC,
    TargetNamespace: "team",
    TargetRepoName: repo,
    TargetTag: extra.TargetTag ?? tag,
    Override: extra.Override,
  });
  return SyncTaskId;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("CreateRepoSyncTask and Override", () => {
  let wanted: PushedImage;
  let other: PushedImage;

  beforeAll(async () => {
    wanted = await pushImage(source, "team/over", "v1");
    other = await pushImage(target, "team/over", "v1");
  });

  it("ends in ERROR TAG_CONFLICT and leaves the target tag alone when it holds other content and Override is off", { timeout: 30_000 }, async () => {
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("over", "v1", { Override: false }));
    expect(task).toMatchObject({ TaskStatus: "ERROR", TaskIssue: "TAG_CONFLICT", Progress: 0 });
    expect((await target.getManifest("team/over", "v1")).digest).toBe(other.digest);
  });

  it("overwrites the target tag when Override is on", { timeout: 30_000 }, async () => {
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("over", "v1", { Override: true }));
    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    expect((await target.getManifest("team/over", "v1")).digest).toBe(wanted.digest);
  });

  it("succeeds without Override when the target tag already holds the same image", { timeout: 30_000 }, async () => {
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("over", "v1"));
    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    expect((await target.getManifest("team/over", "v1")).digest).toBe(wanted.digest);
  });
});

describe("what a copy carries", () => {
  it("copies a multi-platform index with its digest and every child, one LayerTask per distinct blob", { timeout: 30_000 }, async () => {
    const index = await pushIndex(source, "team/multi", "v1");
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("multi", "v1"));
    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    expect((await target.getManifest("team/multi", "v1")).digest).toBe(index.digest);
    for (const child of index.children) {
      expect((await target.getManifest("team/multi", child.digest)).digest).toBe(child.digest);
      for (const blob of child.blobs) expect(await target.headBlob("team/multi", blob)).toBeDefined();
    }
    const expected = index.children.flatMap((c) => c.blobs.map((digest) => [digest, c.digest]));
    expect(task.LayerTasks!.map((l) => [l.Digest, l.ArtifactDigest]).sort()).toEqual(expected.sort());
    expect(task.SyncedSize).toBe(index.children.reduce((sum, c) => sum + c.size, 0));
  });

  it("shows partial Progress and SyncedSize while one blob is still on its way", { timeout: 30_000 }, async () => {
    const image = await pushImage(source, "team/partial", "v1", [200 * 1024, 1000]);
    const slowBlob = image.blobs[2]!;
    env.emulator.admin.setFaults({ registry: [{ kind: "latency", instanceId: A_ADV, method: "GET", path: slowBlob.replace(":", "."), latencyMs: 2000 }] });
    const taskId = await copyTask("partial", "v1");
    const deadline = Date.now() + 5_000;
    let live = await env.a.cr.getRepoSyncTask({ InstanceId: A_ADV, SyncTaskId: taskId });
    while (!live.LayerTasks.some((l) => l.Digest === image.blobs[1] && l.TaskStatus === "SUCCESS")) {
      if (Date.now() > deadline) throw new Error(`the big layer never finished: ${JSON.stringify(live)}`);
      await sleep(10);
      live = await env.a.cr.getRepoSyncTask({ InstanceId: A_ADV, SyncTaskId: taskId });
    }
    expect(live.TaskStatus).toBe("SYNCHRONIZING");
    expect(live.Progress).toBeGreaterThan(0.5);
    expect(live.Progress).toBeLessThan(1);
    expect(live.SyncedSize).toBeGreaterThanOrEqual(200 * 1024);
    expect(live.SyncedSize).toBeLessThan(image.size);
    expect(live.LayerTasks.find((l) => l.Digest === slowBlob)!.TaskStatus).not.toBe("SUCCESS");
    const { task } = await waitForTask(env.a, A_ADV, taskId);
    expect(task).toMatchObject({ TaskStatus: "SUCCESS", Progress: 1, SyncedSize: image.size });
  });
});

describe("tag immutability on the target", () => {
  it("an automatic rule meeting an immutable target tag with other content ends in ERROR TAG_CONFLICT and the tag keeps its image", { timeout: 30_000 }, async () => {
    await autoNamespace(env.a, A_ADV, "locked");
    await autoNamespace(env.a, A_BASIC, "locked", true);
    const existing = await pushImage(target, "locked/app", "v1");
    await env.a.cr.createRepoSyncRule({
      InstanceId: A_ADV, NamespaceName: "locked", TagFilter: ".*", SyncRuleName: "locked", SyncScope: "NAMESPACE",
      SyncTrigger: "PASSIVE", TargetRegionId: "cn-hangzhou", TargetInstanceId: A_BASIC, TargetNamespaceName: "locked",
    });
    await pushImage(source, "locked/app", "v1");
    const [listed] = await waitForTasks(env.a, A_ADV, { RepoNamespaceName: "locked" });
    const { task } = await waitForTask(env.a, A_ADV, listed!.SyncTaskId);
    expect(task).toMatchObject({ TaskStatus: "ERROR", TaskIssue: "TAG_CONFLICT" });
    expect((await target.getManifest("locked/app", "v1")).digest).toBe(existing.digest);
  });
});

describe("CreateRepoSyncTaskByRule", () => {
  it("runs a manual rule for one tag through the same executor", { timeout: 30_000 }, async () => {
    const image = await pushImage(source, "team/manual", "v3");
    // A REPO-scope rule needs the target repository to exist.
    await env.a.cr.createRepository({ InstanceId: A_BASIC, RepoNamespaceName: "team", RepoName: "manual-copy", RepoType: "PRIVATE", Summary: "copies" });
    const { SyncRuleId } = await env.a.cr.createRepoSyncRule({
      InstanceId: A_ADV,
      NamespaceName: "team",
      RepoName: "manual",
      TagFilter: ".*",
      SyncRuleName: "by-hand",
      SyncScope: "REPO",
      SyncTrigger: "INITIATIVE",
      TargetRegionId: "cn-hangzhou",
      TargetInstanceId: A_BASIC,
      TargetNamespaceName: "team",
      TargetRepoName: "manual-copy",
    });
    const { SyncTaskId } = await env.a.cr.createRepoSyncTaskByRule({ InstanceId: A_ADV, RepoId: await repoId(A_ADV, "manual"), SyncRuleId, Tag: "v3" });
    const { task } = await waitForTask(env.a, A_ADV, SyncTaskId);
    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    expect((await target.getManifest("team/manual-copy", "v3")).digest).toBe(image.digest);
  });
});

describe("failures and cancellation", () => {
  it("CancelRepoSyncTask stops a slow copy: CANCELED, and no target tag even after the slow requests finish", { timeout: 30_000 }, async () => {
    await pushImage(source, "team/slow", "v1");
    env.emulator.admin.setFaults({ registry: [{ kind: "latency", instanceId: A_ADV, method: "GET", path: "/blobs/", latencyMs: 1500 }] });
    const taskId = await copyTask("slow", "v1");
    const deadline = Date.now() + 5_000;
    while ((await env.a.cr.getRepoSyncTask({ InstanceId: A_ADV, SyncTaskId: taskId })).TaskStatus !== "SYNCHRONIZING") {
      if (Date.now() > deadline) throw new Error("the copy never started");
      await sleep(10);
    }
    // Live view while the blobs crawl: the planned layers, none finished, the task not done.
    let live = await env.a.cr.getRepoSyncTask({ InstanceId: A_ADV, SyncTaskId: taskId });
    while (live.LayerTasks.length === 0 && Date.now() < deadline) live = await env.a.cr.getRepoSyncTask({ InstanceId: A_ADV, SyncTaskId: taskId });
    expect(live.LayerTasks).toHaveLength(3);
    expect(live.LayerTasks.every((l) => l.TaskStatus === "PENDING" || l.TaskStatus === "SYNCHRONIZING")).toBe(true);
    expect(live.Progress).toBeLessThan(1);
    await env.a.cr.cancelRepoSyncTask({ InstanceId: A_ADV, SyncTaskId: taskId });
    const { task } = await waitForTask(env.a, A_ADV, taskId);
    expect(task.TaskStatus).toBe("CANCELED");
    for (const layer of task.LayerTasks ?? []) expect(layer.TaskStatus).not.toBe("SYNCHRONIZING");
    await sleep(2_000);
    expect((await env.a.cr.getRepoSyncTask({ InstanceId: A_ADV, SyncTaskId: taskId })).TaskStatus).toBe("CANCELED");
    expect(await manifestOf(target, "team/slow", "v1")).toBeUndefined();
  });

  it("a corrupted source blob ends the task in ERROR naming the damaged blob, and the target tag is absent", { timeout: 30_000 }, async () => {
    await pushImage(source, "team/broken", "v1");
    env.emulator.admin.setFaults({ registry: [{ kind: "corrupt", instanceId: A_ADV, method: "GET", path: "/blobs/" }] });
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("broken", "v1"));
    expect(task.TaskStatus).toBe("ERROR");
    expect(task.TaskIssue).toMatch(/^DATA_CORRUPTED: blob sha256:[0-9a-f]{64} from .* does not match/);
    expect(task.LayerTasks!.some((l) => l.TaskStatus === "ERROR")).toBe(true);
    expect(await manifestOf(target, "team/broken", "v1")).toBeUndefined();
  });

  it("a source blob cut short once is fetched again, and the copy lands with the source's digests", { timeout: 30_000 }, async () => {
    const image = await pushImage(source, "team/short", "v1", [1000]);
    env.emulator.admin.setFaults({ registry: [{ kind: "truncate", instanceId: A_ADV, method: "GET", path: "/blobs/", count: 1 }] });
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("short", "v1"), 25_000);
    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    expect((await target.getManifest("team/short", "v1")).digest).toBe(image.digest);
    for (const blob of image.blobs) expect(await target.headBlob("team/short", blob)).toBeDefined();
  });

  it("a source blob that is cut short every time ends the task in ERROR after bounded retries, with no target tag", { timeout: 30_000 }, async () => {
    await pushImage(source, "team/cut", "v1", [4000]);
    env.emulator.admin.setFaults({ registry: [{ kind: "truncate", instanceId: A_ADV, method: "GET", path: "/blobs/" }] });
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("cut", "v1"), 25_000);
    expect(task.TaskStatus).toBe("ERROR");
    expect(task.TaskIssue).toMatch(/^(NETWORK_ERROR|DATA_CORRUPTED): /);
    expect(await manifestOf(target, "team/cut", "v1")).toBeUndefined();
  });

  it("a tag the control plane knows but the source registry has no image for ends in ERROR SOURCE_NOT_FOUND", { timeout: 30_000 }, async () => {
    await pushImage(source, "team/ghost", "v1", [1000]);
    // Recorded straight into the CR state: a tag whose image never reached the registry.
    recordTag(env.emulator.runtime.state.cr as CrState, A_ADV, "team", "ghost", { tag: "v2", digest: `sha256:${"a".repeat(64)}`, size: 1 });
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("ghost", "v2"));
    expect(task.TaskStatus).toBe("ERROR");
    expect(task.TaskIssue).toMatch(/^SOURCE_NOT_FOUND: the source registry of cri-emuaadvanced0001 has no image for team\/ghost:v2/);
    expect(await manifestOf(target, "team/ghost", "v2")).toBeUndefined();
  });

  it("a target registry that keeps failing ends the task in ERROR NETWORK_ERROR after bounded retries, with no target tag", { timeout: 30_000 }, async () => {
    await pushImage(source, "team/down", "v1", [1000]);
    env.emulator.admin.setFaults({ registry: [{ kind: "error", instanceId: A_BASIC, method: "PUT", status: 503 }] });
    const { task } = await waitForTask(env.a, A_ADV, await copyTask("down", "v1"), 25_000);
    expect(task.TaskStatus).toBe("ERROR");
    expect(task.TaskIssue).toMatch(/^NETWORK_ERROR: PUT http:\/\/127\.0\.0\.1:\d+\/v2\/team\/down\/.*HTTP 503/);
    env.emulator.admin.setFaults({});
    expect(await manifestOf(target, "team/down", "v1")).toBeUndefined();
  });

  it("a rule whose target namespace stopped creating repositories ends in ERROR saying so", { timeout: 30_000 }, async () => {
    await autoNamespace(env.a, A_ADV, "strict");
    await autoNamespace(env.a, A_BASIC, "strict");
    await env.a.cr.createRepoSyncRule({
      InstanceId: A_ADV,
      NamespaceName: "strict",
      TagFilter: ".*",
      SyncRuleName: "strict",
      SyncScope: "NAMESPACE",
      SyncTrigger: "PASSIVE",
      TargetRegionId: "cn-hangzhou",
      TargetInstanceId: A_BASIC,
      TargetNamespaceName: "strict",
    });
    await env.a.cr.updateNamespace({ InstanceId: A_BASIC, NamespaceName: "strict", AutoCreateRepo: false });
    await pushImage(source, "strict/app", "v1");
    const [listed] = await waitForTasks(env.a, A_ADV, { RepoNamespaceName: "strict" });
    const { task } = await waitForTask(env.a, A_ADV, listed!.SyncTaskId);
    expect(task.TaskStatus).toBe("ERROR");
    expect(task.TaskIssue).toMatch(/^REPO_NOT_EXIST: the target repository strict\/app does not exist .*turn AutoCreateRepo on/);
    await expect(env.a.cr.getRepository({ InstanceId: A_BASIC, RepoNamespaceName: "strict", RepoName: "app" })).rejects.toThrow();
  });
});

describe("the executor's concurrency bound", () => {
  it("runs at most two tasks at once and keeps the rest PENDING until a slot frees", { timeout: 30_000 }, async () => {
    const repos = ["q1", "q2", "q3"];
    for (const repo of repos) await pushImage(source, `team/${repo}`, "v1", [2000]);
    env.emulator.admin.setFaults({ registry: [{ kind: "latency", instanceId: A_ADV, method: "GET", path: "/blobs/", latencyMs: 400 }] });
    const ids = [];
    for (const repo of repos) ids.push(await copyTask(repo, "v1"));
    let maxRunning = 0;
    let sawQueued = false;
    const seen: string[][] = ids.map(() => []);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const statuses = await Promise.all(ids.map(async (id) => (await env.a.cr.getRepoSyncTask({ InstanceId: A_ADV, SyncTaskId: id })).TaskStatus!));
      statuses.forEach((status, i) => {
        if (seen[i]!.at(-1) !== status) seen[i]!.push(status);
      });
      const running = statuses.filter((s) => s === "SYNCHRONIZING").length;
      maxRunning = Math.max(maxRunning, running);
      if (running === 2 && statuses.includes("PENDING")) sawQueued = true;
      if (statuses.every((s) => s === "SUCCESS")) break;
      expect(statuses).not.toContain("ERROR");
      if (Date.now() > deadline) throw new Error(`tasks still ${statuses.join(", ")}`);
      await sleep(20);
    }
    expect(maxRunning).toBe(2);
    expect(sawQueued).toBe(true);
    // The queued task shows the whole documented life: PENDING → SYNCHRONIZING → SUCCESS.
    expect(seen[2]).toEqual(["PENDING", "SYNCHRONIZING", "SUCCESS"]);
  });
});
