/**
 * Sync tasks and a persistent emulator (`stateDir`): a copy interrupted by a shutdown is not
 * failed by it; the next start picks the task up and finishes it, and the finished task is in the
 * saved state.
 */

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { A_ADV, A_BASIC, autoNamespace, login, pushImage, startEnv, UID_A, waitForTask, type Env } from "./support";

const dirs: string[] = [];
const envs: Env[] = [];
afterAll(async () => {
  await Promise.all(envs.map((e) => e.close().catch(() => undefined)));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("sync tasks across an emulator restart", () => {
  it("resumes a copy the shutdown interrupted and saves its SUCCESS", { timeout: 30_000 }, async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "emu-sync-"));
    dirs.push(stateDir);
    const first = await startEnv({ stateDir });
    envs.push(first);
    await autoNamespace(first.a, A_ADV, "team");
    await autoNamespace(first.a, A_BASIC, "team");
    const image = await pushImage(await login(first, first.a, A_ADV, UID_A), "team/app", "v1");
    const repo = await first.a.cr.getRepository({ InstanceId: A_ADV, RepoNamespaceName: "team", RepoName: "app" });
    first.emulator.admin.setFaults({ registry: [{ kind: "latency", instanceId: A_ADV, method: "GET", path: "/blobs/", latencyMs: 5_000 }] });
    const { SyncTaskId } = await first.a.cr.createRepoSyncTask({
      InstanceId: A_ADV, RepoId: repo.RepoId, Tag: "v1", TargetRegionId: "cn-hangzhou", TargetInstanceId: A_BASIC,
      TargetNamespace: "team", TargetRepoName: "app", TargetTag: "v1",
    });
    while ((await first.a.cr.getRepoSyncTask({ InstanceId: A_ADV, SyncTaskId })).TaskStatus !== "SYNCHRONIZING") {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await first.close();
    envs.pop();

    const second = await startEnv({ stateDir });
    envs.push(second);
    const { task } = await waitForTask(second.a, A_ADV, SyncTaskId);
    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    const target = await login(second, second.a, A_BASIC, UID_A);
    expect((await target.getManifest("team/app", "v1")).digest).toBe(image.digest);

    const saved = JSON.parse(await readFile(join(stateDir, "state.json"), "utf8")) as { cr: { syncTasks: Record<string, { status: string; syncedSize: number }> } };
    expect(saved.cr.syncTasks[SyncTaskId]).toMatchObject({ status: "SUCCESS", syncedSize: image.size });
  });
});
