/**
 * Tag retention end to end: rules made through the official openapi-client callApi, images pushed
 * with the sdk OCI client to the instance's registry, and the result read both ways (ListRepoTag
 * through callApi, the registry's tag list and manifests). Scheduled rules run when the admin
 * endpoint moves the service clock past their NextTime; any rule runs on demand through
 * `POST /__emulator/lifecycle-rules/run`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RegistryClient } from "../../../sdk/oci";
import { v3Driver, type Body, type CrDriver, type Keys } from "../cr/official-drivers";
import { A_ADV, autoNamespace, login, pushImage, startEnv, UID_A, type Env } from "../replication/support";

const DAY = 86_400_000;
const TAGS = ["v1", "release-1", "v2", "v3", "release-2", "v4", "v5", "v6"];

describe("tag retention rules", () => {
  let env: Env;
  let driver: CrDriver;
  let owner: Keys;
  let registry: RegistryClient;
  const call = async (action: string, params: Record<string, string | number | boolean>) => {
    const outcome = await driver.call(action, { RegionId: "cn-hangzhou", InstanceId: A_ADV, ...params }, owner);
    if (!outcome.ok) throw new Error(`${action} failed: ${outcome.code} ${JSON.stringify(outcome.body)}`);
    return outcome.body;
  };
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(`${env.emulator.endpoint}/__emulator/${path}`, { method: "POST", body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Body };
  };
  /** Pushes each tag a second apart on the service clock, so "newest" is unambiguous. */
  const pushAll = async (repository: string, tags: string[]) => {
    for (const tag of tags) {
      await pushImage(registry, repository, tag, [512]);
      env.emulator.admin.advanceClock(1000);
    }
  };
  const apiTags = async (repoName: string, namespace = "ret") => {
    const repo = await call("GetRepository", { RepoNamespaceName: namespace, RepoName: repoName });
    const list = await call("ListRepoTag", { RepoId: String(repo.RepoId), PageSize: 100 });
    return (list.Images as Body[]).map((i) => String(i.Tag)).sort();
  };

  beforeAll(async () => {
    env = await startEnv();
    driver = v3Driver(env.emulator.port);
    const a = env.emulator.seed.accounts[0]!;
    owner = { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret };
    await autoNamespace(env.a, A_ADV, "ret");
    await autoNamespace(env.a, A_ADV, "frozen", true);
    registry = await login(env, env.a, A_ADV, UID_A);
  });
  afterAll(async () => {
    await env?.close();
  });

  it("runs a weekly rule when the clock passes its NextTime, keeping the newest 3 plus release-.* in ListRepoTag and the registry", async () => {
    await pushAll("ret/app", TAGS);
    await pushAll("ret/other", ["o1", "o2", "o3", "o4"]);
    const { RuleId } = await call("CreateArtifactLifecycleRule", {
      Scope: "REPO", NamespaceName: "ret", RepoName: "app", RetentionTagCount: 3, TagRegexp: "release-.*", Auto: true, ScheduleTime: "WEEK", EnableDeleteTag: true,
    });
    const before = await call("GetArtifactLifecycleRule", { RuleId: String(RuleId) });

    env.emulator.admin.advanceClock(6 * DAY);
    expect(await apiTags("app")).toEqual([...TAGS].sort());

    const moved = await fetch(`${env.emulator.endpoint}/__emulator/clock`, { method: "POST", body: JSON.stringify({ advanceMs: 2 * DAY }) });
    expect(moved.status).toBe(200);
    const kept = ["release-1", "release-2", "v4", "v5", "v6"];
    expect(await apiTags("app")).toEqual(kept);
    expect((await registry.listTags("ret/app")).sort()).toEqual(kept);
    await expect(registry.getManifest("ret/app", "v3")).rejects.toThrow(/MANIFEST_UNKNOWN|not found|404/i);
    expect(await registry.headManifest("ret/app", "v6")).toBeDefined();
    // REPO scope: the other repository is untouched.
    expect(await apiTags("other")).toEqual(["o1", "o2", "o3", "o4"]);
    const after = await call("GetArtifactLifecycleRule", { RuleId: String(RuleId) });
    expect(after.NextTime).toBe((before.NextTime as number) + 7 * DAY);
    await call("DeleteArtifactLifecycleRule", { RuleId: String(RuleId) });
  });

  it("runs a rule on demand through the admin endpoint; a dry rule (EnableDeleteTag false) deletes nothing", async () => {
    const { RuleId } = await call("CreateArtifactLifecycleRule", { Scope: "NAMESPACE", NamespaceName: "ret", RetentionTagCount: 2, EnableDeleteTag: false });
    const ruleId = String(RuleId);
    expect(await admin("lifecycle-rules/run", { instanceId: A_ADV, ruleId })).toEqual({ status: 200, body: { deleted: [] } });
    expect(await apiTags("other")).toEqual(["o1", "o2", "o3", "o4"]);

    await call("UpdateArtifactLifecycleRule", { RuleId: ruleId, Scope: "NAMESPACE", NamespaceName: "ret", RetentionTagCount: 2, EnableDeleteTag: true });
    const run = await admin("lifecycle-rules/run", { instanceId: A_ADV, ruleId });
    expect(run.status).toBe(200);
    const deleted = (run.body.deleted as Body[]).map((d) => `${d.repoName}:${d.tag}`).sort();
    expect(deleted).toEqual(["app:release-1", "app:release-2", "app:v4", "other:o1", "other:o2"]);
    expect(await apiTags("app")).toEqual(["v5", "v6"]);
    expect(await apiTags("other")).toEqual(["o3", "o4"]);
    expect((await registry.listTags("ret/other")).sort()).toEqual(["o3", "o4"]);

    expect((await admin("lifecycle-rules/run", { instanceId: A_ADV, ruleId: "cralr-nothere000000000" })).status).toBe(404);
    expect((await admin("lifecycle-rules/run", { instance: A_ADV })).status).toBe(400);
    await call("DeleteArtifactLifecycleRule", { RuleId: ruleId });
  });

  it("deletes from an immutable repository too: immutability forbids overwriting a tag, not deleting it", async () => {
    await pushAll("frozen/app", ["a1", "a2", "a3"]);
    const { RuleId } = await call("CreateArtifactLifecycleRule", { Scope: "REPO", NamespaceName: "frozen", RepoName: "app", RetentionTagCount: 1, EnableDeleteTag: true });
    const run = await admin("lifecycle-rules/run", { instanceId: A_ADV, ruleId: String(RuleId) });
    expect((run.body.deleted as Body[]).map((d) => d.tag).sort()).toEqual(["a1", "a2"]);
    expect(await apiTags("app", "frozen")).toEqual(["a3"]);
  });

  it("persists what a clock move deleted before the admin endpoint answers: a restarted emulator shows the same tags", async () => {
    const dir = await mkdtemp(join(tmpdir(), "retention-state-"));
    try {
      const first = await startEnv({ stateDir: dir });
      const keys = { accessKeyId: first.emulator.seed.accounts[0]!.accessKeyId, accessKeySecret: first.emulator.seed.accounts[0]!.accessKeySecret };
      await autoNamespace(first.a, A_ADV, "kept");
      const client = await login(first, first.a, A_ADV, UID_A);
      for (const tag of ["t1", "t2", "t3"]) {
        await pushImage(client, "kept/app", tag, [256]);
        first.emulator.admin.advanceClock(1000);
      }
      const created = await v3Driver(first.emulator.port).call(
        "CreateArtifactLifecycleRule",
        { RegionId: "cn-hangzhou", InstanceId: A_ADV, Scope: "INSTANCE", RetentionTagCount: 1, Auto: true, ScheduleTime: "WEEK", EnableDeleteTag: true },
        keys,
      );
      expect(created.ok).toBe(true);
      const moved = await fetch(`${first.emulator.endpoint}/__emulator/clock`, { method: "POST", body: JSON.stringify({ advanceMs: 8 * DAY }) });
      expect(moved.status).toBe(200);
      await first.close();

      const second = await startEnv({ stateDir: dir });
      try {
        const repo = await second.a.cr.getRepository({ InstanceId: A_ADV, RepoNamespaceName: "kept", RepoName: "app" });
        const tags = await second.a.cr.listRepoTag({ InstanceId: A_ADV, RepoId: repo.RepoId! });
        expect(tags.Images.map((i) => i.Tag)).toEqual(["t3"]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
