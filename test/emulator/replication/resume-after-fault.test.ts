/**
 * R6 (issue 16) for the emulator's sync executor, for manual copies and for a task a push fired through a rule:
 * a data-plane fault on one source blob (corrupt, cut short, connection reset, on every attempt)
 * ends the task in ERROR naming that blob, the target tag never appears, and once the fault is
 * cleared a second task fetches from the source only the blob that did not land: counted from the
 * source registry's request log (admin.registryRequests), not from the task's own report.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RegistryClient } from "../../../sdk/oci";
import { A_ADV, A_BASIC, advancedToBasic, blobGets, manifestOf, pushImage, waitForTask, waitForTasks, type Env } from "./support";

let env: Env;
let source: RegistryClient;
let target: RegistryClient;

beforeAll(async () => {
  ({ env, source, target } = await advancedToBasic());
});
afterEach(() => env.emulator.admin.setFaults({}));
afterAll(async () => env?.close());

async function copyTask(repo: string, tag: string): Promise<string> {
  const { RepoId } = await env.a.cr.getRepository({ InstanceId: A_ADV, RepoNamespaceName: "team", RepoName: repo });
  const { SyncTaskId } = await env.a.cr.createRepoSyncTask({
    InstanceId: A_ADV,
    RepoId,
    Tag: tag,
    TargetRegionId: "cn-hangzhou",
    TargetInstanceId: A_BASIC,
    TargetNamespace: "team",
    TargetRepoName: repo,
    TargetTag: tag,
  });
  return SyncTaskId;
}

/** Every read of `blob` from the source fails with `kind`, slowed so the image's other blobs land first. */
function breakSourceBlob(blob: string, kind: "corrupt" | "truncate" | "reset"): void {
  const blobPath = `/blobs/${blob}$`;
  env.emulator.admin.setFaults({
    registry: [
      { kind: "latency", latencyMs: 300, instanceId: A_ADV, method: "GET", path: blobPath },
      { kind, instanceId: A_ADV, method: "GET", path: blobPath },
    ],
  });
}


describe.each(["corrupt", "truncate", "reset"] as const)("a source blob that is %s on every attempt", (kind) => {
  it("fails the task naming the blob, tags nothing, and the re-run after the fault fetches only that blob", { timeout: 60_000 }, async () => {
    const repo = `resume-${kind}`;
    // config, a small layer, and the large layer the fault hits.
    const image = await pushImage(source, `team/${repo}`, "v1", [2000, 256 * 1024]);
    const broken = image.blobs[2]!;
    breakSourceBlob(broken, kind);

    const failed = await waitForTask(env.a, A_ADV, await copyTask(repo, "v1"), 45_000);
    expect(failed.task.TaskStatus).toBe("ERROR");
    expect(failed.task.TaskIssue).toContain(broken);
    expect(await manifestOf(target, `team/${repo}`, "v1")).toBeUndefined();
    expect(await target.headBlob(`team/${repo}`, broken)).toBeUndefined();
    const landed = [];
    for (const blob of image.blobs) if (await target.headBlob(`team/${repo}`, blob)) landed.push(blob);
    expect(landed).toEqual(image.blobs.slice(0, 2));

    env.emulator.admin.setFaults({});
    env.emulator.admin.resetRegistryRequests();
    const rerun = await waitForTask(env.a, A_ADV, await copyTask(repo, "v1"), 30_000);
    expect(rerun.task.TaskStatus, rerun.task.TaskIssue).toBe("SUCCESS");
    expect((await target.getManifest(`team/${repo}`, "v1")).digest).toBe(image.digest);
    for (const blob of image.blobs) expect(await target.headBlob(`team/${repo}`, blob)).toBeDefined();
    expect(blobGets(env.emulator, A_ADV, `team/${repo}`)).toEqual({ [broken]: 1 });
  });
});

describe("a push that fires a rule while a source blob is corrupt", () => {
  it("fails the rule's task naming the blob, tags nothing, and the push again after the fault fetches only that blob", { timeout: 60_000 }, async () => {
    const repo = "rule-fired";
    const { SyncRuleId } = await env.a.cr.createRepoSyncRule({
      InstanceId: A_ADV,
      NamespaceName: "team",
      TagFilter: "release-.*",
      SyncRuleName: "release-to-basic",
      SyncScope: "NAMESPACE",
      SyncTrigger: "PASSIVE",
      TargetRegionId: "cn-hangzhou",
      TargetInstanceId: A_BASIC,
      TargetNamespaceName: "team",
    });
    // The push of a matching tag starts the task, so the fault must be set before it, and for that
    // the blob's digest must be known: the image goes up first under a tag the rule ignores.
    const image = await pushImage(source, `team/${repo}`, "staging", [2000, 256 * 1024]);
    const broken = image.blobs[2]!;
    breakSourceBlob(broken, "corrupt");
    const manifest = await source.getManifest(`team/${repo}`, "staging");
    await source.putManifest(`team/${repo}`, "release-1", manifest.bytes, manifest.mediaType);

    const [fired] = await waitForTasks(env.a, A_ADV, { RepoName: repo, Tag: "release-1" });
    expect(fired).toMatchObject({ SyncRuleId, TaskTrigger: "PASSIVE" });
    const failed = await waitForTask(env.a, A_ADV, fired!.SyncTaskId, 45_000);
    expect(failed.task.TaskStatus).toBe("ERROR");
    expect(failed.task.TaskIssue).toContain(broken);
    expect(await manifestOf(target, `team/${repo}`, "release-1")).toBeUndefined();
    expect(await target.headBlob(`team/${repo}`, broken)).toBeUndefined();

    env.emulator.admin.setFaults({});
    env.emulator.admin.resetRegistryRequests();
    // An automatic (PASSIVE) rule cannot be run by hand (CreateRepoSyncTaskByRule is for INITIATIVE
    // ones): pushing the tag again is how it runs again.
    await source.putManifest(`team/${repo}`, "release-1", manifest.bytes, manifest.mediaType);
    const [again] = await waitForTasks(env.a, A_ADV, { RepoName: repo, Tag: "release-1" }, 2);
    expect(again!.SyncTaskId).not.toBe(fired!.SyncTaskId);
    const rerun = await waitForTask(env.a, A_ADV, again!.SyncTaskId, 30_000);
    expect(rerun.task.TaskStatus, rerun.task.TaskIssue).toBe("SUCCESS");
    expect((await target.getManifest(`team/${repo}`, "release-1")).digest).toBe(image.digest);
    expect(await manifestOf(target, `team/${repo}`, "staging")).toBeUndefined();
    expect(blobGets(env.emulator, A_ADV, `team/${repo}`)).toEqual({ [broken]: 1 });
  });
});
