/**
 * Seed 002 against the real emulator: a PASSIVE namespace rule between two instances of account A.
 * A push to the source fires the rule and the executor copies the image byte for byte into the
 * target's registry, reporting PENDING → SYNCHRONIZING → SUCCESS with size, progress and layers.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A_ADV, A_BASIC, autoNamespace, login, manifestOf, pushImage, startEnv, UID_A, waitForTask, waitForTasks, type Env } from "./support";

let env: Env;
beforeAll(async () => {
  env = await startEnv();
  await autoNamespace(env.a, A_ADV, "team");
  await autoNamespace(env.a, A_BASIC, "team");
});
afterAll(async () => env?.close());

describe("a same-account sync rule", () => {
  it("copies a pushed image to the target instance with identical manifest and blob digests", { timeout: 30_000 }, async () => {
    const { SyncRuleId } = await env.a.cr.createRepoSyncRule({
      InstanceId: A_ADV,
      NamespaceName: "team",
      TagFilter: "v.*",
      SyncRuleName: "to-basic",
      SyncScope: "NAMESPACE",
      SyncTrigger: "PASSIVE",
      TargetRegionId: "cn-hangzhou",
      TargetInstanceId: A_BASIC,
      TargetNamespaceName: "team",
    });
    const source = await login(env, env.a, A_ADV, UID_A);
    const target = await login(env, env.a, A_BASIC, UID_A);

    const image = await pushImage(source, "team/app", "v1", [256 * 1024, 1000]);
    const [listed] = await waitForTasks(env.a, A_ADV, { RepoName: "app", Tag: "v1" });
    expect(listed).toMatchObject({ SyncRuleId, TaskTrigger: "PASSIVE" });
    const { task, seen } = await waitForTask(env.a, A_ADV, listed!.SyncTaskId);

    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    // The first status may already be SYNCHRONIZING when the first poll lands; the order never goes back.
    expect(["PENDING", "SYNCHRONIZING"]).toContain(seen[0]);
    expect(seen.slice(-1)).toEqual(["SUCCESS"]);
    expect(seen).not.toContain("ERROR");
    expect(task.Progress).toBe(1);
    expect(task.SyncedSize).toBe(image.size);
    expect(task.LayerTasks!.map((l) => l.Digest).sort()).toEqual([...image.blobs].sort());
    for (const layer of task.LayerTasks!) {
      expect(layer).toMatchObject({ TaskStatus: "SUCCESS", ArtifactDigest: image.digest });
      expect(layer.SyncedSize).toBe(layer.Size);
    }

    const copied = await target.getManifest("team/app", "v1");
    expect(copied.digest).toBe(image.digest);
    for (const blob of image.blobs) expect(await target.headBlob("team/app", blob)).toBeDefined();
    // The control plane sees the copied tag too.
    const repo = await env.a.cr.getRepository({ InstanceId: A_BASIC, RepoNamespaceName: "team", RepoName: "app" });
    const tags = await env.a.cr.listRepoTag({ InstanceId: A_BASIC, RepoId: repo.RepoId });
    expect(tags.Images.map((i) => [i.Tag, i.Digest])).toEqual([["v1", image.digest.replace(/^sha256:/, "")]]);
  });

  it("leaves tags that do not match the rule's TagFilter alone", { timeout: 30_000 }, async () => {
    const source = await login(env, env.a, A_ADV, UID_A);
    const target = await login(env, env.a, A_BASIC, UID_A);
    await pushImage(source, "team/app", "dev-1", [1000]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await env.a.cr.listRepoSyncTask({ InstanceId: A_ADV, Tag: "dev-1" })).SyncTasks).toEqual([]);
    expect(await manifestOf(target, "team/app", "dev-1")).toBeUndefined();
  });
});
