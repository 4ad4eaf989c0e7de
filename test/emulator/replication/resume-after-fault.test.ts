/**
 * R6 (issue 16) for the emulator's sync executor, which rule replication and manual copies share:
 * a data-plane fault on one source blob (corrupt, cut short, connection reset, on every attempt)
 * ends the task in ERROR naming that blob, the target tag never appears, and once the fault is
 * cleared a second task fetches from the source only the blob that did not land: counted from the
 * source registry's request log (admin.registryRequests), not from the task's own report.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RegistryClient } from "../../../sdk/oci";
import { A_ADV, A_BASIC, advancedToBasic, blobGets, manifestOf, pushImage, waitForTask, type Env } from "./support";

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


describe.each(["corrupt", "truncate", "reset"] as const)("a source blob that is %s on every attempt", (kind) => {
  it("fails the task naming the blob, tags nothing, and the re-run after the fault fetches only that blob", { timeout: 60_000 }, async () => {
    const repo = `resume-${kind}`;
    // config, a small layer, and the large layer the fault hits; it is slowed so the others land first.
    const image = await pushImage(source, `team/${repo}`, "v1", [2000, 256 * 1024]);
    const broken = image.blobs[2]!;
    const blobPath = `/blobs/${broken}$`;
    env.emulator.admin.setFaults({
      registry: [
        { kind: "latency", latencyMs: 300, instanceId: A_ADV, method: "GET", path: blobPath },
        { kind, instanceId: A_ADV, method: "GET", path: blobPath },
      ],
    });

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
