/**
 * Seed 000 against the real emulator: account B lets account A replicate into its instance (the
 * role `aliyuncontainerregistrycrossaccoutsyncrole`, trust in A's CR service principal, a policy on
 * B's instance — all through the project's RamClient); A's rule then copies pushes into B's
 * registry. A rule never copies what was pushed before it existed; a manual CreateRepoSyncTask
 * does. When B withdraws the permission, the next task fails with a reason that says what is missing.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RegistryClient } from "../../../sdk/oci";
import { A_ADV, autoNamespace, B_SH, login, manifestOf, pushImage, startEnv, SYNC_ROLE, UID_A, UID_B, waitForTask, waitForTasks, type Env } from "./support";

const POLICY = "cr-sync-from-a";
let env: Env;
let source: RegistryClient;
let target: RegistryClient;

const rule = (namespace: string) => ({
  InstanceId: A_ADV,
  NamespaceName: namespace,
  TagFilter: ".*",
  SyncRuleName: `to-b-${namespace}`,
  SyncScope: "NAMESPACE" as const,
  SyncTrigger: "PASSIVE" as const,
  TargetRegionId: "cn-shanghai",
  TargetInstanceId: B_SH,
  TargetNamespaceName: namespace,
  TargetUserId: UID_B,
});

beforeAll(async () => {
  env = await startEnv();
  for (const ns of ["shared", "legacy", "revoked"]) {
    await autoNamespace(env.a, A_ADV, ns);
    await autoNamespace(env.b, B_SH, ns);
  }
  await env.b.ram.createRole({
    RoleName: SYNC_ROLE,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: "1",
      Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: [`${UID_A}@cr.aliyuncs.com`] } }],
    }),
  });
  await env.b.ram.createPolicy({
    PolicyName: POLICY,
    PolicyDocument: JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Allow", Action: ["cr:CreateSyncRule", "cr:CreateRepositorySync"], Resource: `acs:cr:cn-shanghai:${UID_B}:instance/${B_SH}` }],
    }),
  });
  await env.b.ram.attachPolicyToRole({ PolicyType: "Custom", PolicyName: POLICY, RoleName: SYNC_ROLE });
  source = await login(env, env.a, A_ADV, UID_A);
  target = await login(env, env.b, B_SH, UID_B);
});
afterAll(async () => env?.close());

describe("cross-account replication", () => {
  it("copies a push to A's Advanced instance into B's instance with the same digests", { timeout: 30_000 }, async () => {
    await env.a.cr.createRepoSyncRule(rule("shared"));
    const image = await pushImage(source, "shared/app", "v1");
    const [listed] = await waitForTasks(env.a, A_ADV, { RepoNamespaceName: "shared", RepoName: "app", Tag: "v1" });
    expect(listed).toMatchObject({ CrossUser: true, TaskTrigger: "PASSIVE" });
    const { task } = await waitForTask(env.a, A_ADV, listed!.SyncTaskId);
    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    expect(task.SyncedSize).toBe(image.size);

    expect((await target.getManifest("shared/app", "v1")).digest).toBe(image.digest);
    for (const blob of image.blobs) expect(await target.headBlob("shared/app", blob)).toEqual({ size: expect.any(Number) });
    const tags = await env.b.cr.listRepoTag({ InstanceId: B_SH, RepoId: (await env.b.cr.getRepository({ InstanceId: B_SH, RepoNamespaceName: "shared", RepoName: "app" })).RepoId });
    expect(tags.Images.map((i) => i.Tag)).toEqual(["v1"]);
  });

  it("does not copy a tag pushed before the rule existed, while a manual CreateRepoSyncTask does", { timeout: 30_000 }, async () => {
    const before = await pushImage(source, "legacy/app", "v0");
    await env.a.cr.createRepoSyncRule(rule("legacy"));
    // The rule exists now; give any (wrong) replication of v0 time to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await env.a.cr.listRepoSyncTask({ InstanceId: A_ADV, RepoNamespaceName: "legacy", RepoName: "app", Tag: "v0" })).SyncTasks).toEqual([]);
    expect(await manifestOf(target, "legacy/app", "v0")).toBeUndefined();

    const repo = await env.a.cr.getRepository({ InstanceId: A_ADV, RepoNamespaceName: "legacy", RepoName: "app" });
    const { SyncTaskId } = await env.a.cr.createRepoSyncTask({
      InstanceId: A_ADV,
      RepoId: repo.RepoId,
      Tag: "v0",
      TargetRegionId: "cn-shanghai",
      TargetInstanceId: B_SH,
      TargetNamespace: "legacy",
      TargetRepoName: "app",
      TargetTag: "v0",
      TargetUserId: UID_B,
    });
    const { task } = await waitForTask(env.a, A_ADV, SyncTaskId);
    expect(task.TaskStatus, task.TaskIssue).toBe("SUCCESS");
    expect((await target.getManifest("legacy/app", "v0")).digest).toBe(before.digest);
  });

  it("fails the task with a readable reason once B detaches the policy, then once B deletes the role", { timeout: 30_000 }, async () => {
    await env.a.cr.createRepoSyncRule(rule("revoked"));
    await env.b.ram.detachPolicyFromRole({ PolicyType: "Custom", PolicyName: POLICY, RoleName: SYNC_ROLE });
    await pushImage(source, "revoked/app", "v1");
    const [first] = await waitForTasks(env.a, A_ADV, { RepoNamespaceName: "revoked", RepoName: "app", Tag: "v1" });
    const noPolicy = await waitForTask(env.a, A_ADV, first!.SyncTaskId);
    expect(noPolicy.task.TaskStatus).toBe("ERROR");
    expect(noPolicy.task.TaskIssue).toMatch(/^CROSS_ACCOUNT_ROLE_NO_PERMISSION: .*allows cr:CreateRepositorySync on acs:cr:cn-shanghai:2000000000000002:instance\/cri-emubshanghai0001/);

    await env.b.ram.deleteRole({ RoleName: SYNC_ROLE });
    await pushImage(source, "revoked/app", "v2");
    const [second] = await waitForTasks(env.a, A_ADV, { RepoNamespaceName: "revoked", RepoName: "app", Tag: "v2" });
    const noRole = await waitForTask(env.a, A_ADV, second!.SyncTaskId);
    expect(noRole.task.TaskStatus).toBe("ERROR");
    expect(noRole.task.TaskIssue).toMatch(/^CROSS_ACCOUNT_ROLE_NOT_EXIST: Account 2000000000000002 has no RAM role aliyuncontainerregistrycrossaccoutsyncrole/);

    expect(await manifestOf(target, "revoked/app", "v1")).toBeUndefined();
    expect(await manifestOf(target, "revoked/app", "v2")).toBeUndefined();
  });
});
