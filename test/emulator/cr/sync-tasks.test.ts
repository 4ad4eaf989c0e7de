import { describe, expect, it } from "vitest";
import { crError } from "../../../emulator/core/context";
import {
  addPassiveTasks,
  cancelSyncTask,
  finishSyncTask,
  recordTag,
  reportSyncProgress,
  type SyncExecutor,
} from "../../../emulator/cr";
import { A_ADV, A_SH, A_STD, B_SH, digest, Harness, UID_A, UID_B } from "./harness";

type Row = Record<string, unknown>;

/** A Hangzhou team/app with tags v1 and latest; Shanghai targets in A and B. */
function setup(executor?: SyncExecutor): { h: Harness; repoId: string } {
  const h = new Harness(executor);
  const repoId = h.repo(A_ADV, "team", "app");
  recordTag(h.state, A_ADV, "team", "app", { tag: "v1", digest: digest(1), size: 10 }, h.now);
  recordTag(h.state, A_ADV, "team", "app", { tag: "latest", digest: digest(1), size: 10 }, h.now);
  h.repo(A_SH, "team", "app", {}, { region: "cn-shanghai" });
  h.call("CreateNamespace", { InstanceId: A_SH, NamespaceName: "manual", AutoCreateRepo: false }, { region: "cn-shanghai" });
  h.repo(B_SH, "team", "app", {}, { account: UID_B, region: "cn-shanghai" });
  h.authorizations.length = 0;
  return { h, repoId };
}

const copy = (repoId: string, extra: Record<string, string | boolean> = {}) => ({
  InstanceId: A_ADV,
  RepoId: repoId,
  Tag: "v1",
  TargetRegionId: "cn-shanghai",
  TargetInstanceId: A_SH,
  TargetNamespace: "team",
  TargetRepoName: "app",
  TargetTag: "v1-copy",
  ...extra,
});

const manualRule = (extra: Record<string, string> = {}) => ({
  InstanceId: A_ADV,
  NamespaceName: "team",
  TagFilter: "v.*",
  SyncRuleName: "manual",
  SyncScope: "NAMESPACE",
  SyncTrigger: "INITIATIVE",
  TargetRegionId: "cn-shanghai",
  TargetInstanceId: A_SH,
  TargetNamespaceName: "team",
  ...extra,
});

describe("CR sync tasks: CreateRepoSyncTask", () => {
  it("records a PENDING manual task with rst- ID, image references and a batch UUID", () => {
    const { h, repoId } = setup();
    const { SyncTaskId } = h.call("CreateRepoSyncTask", copy(repoId, { Override: true }));
    expect(SyncTaskId).toMatch(/^rst-[a-z0-9]{16}$/);
    expect(h.authorizations).toEqual([["cr:CreateRepositorySync", "*"]]);
    const task = h.call("GetRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: SyncTaskId as string });
    expect(task).toMatchObject({
      SyncTaskId,
      SyncRuleId: "",
      TaskStatus: "PENDING",
      TaskTrigger: "INITIATIVE",
      TaskIssue: "",
      Progress: 0,
      SyncedSize: 0,
      CrossUser: false,
      SyncTransAccelerate: false,
      LayerTasks: [],
      ImageFrom: { RegionId: "cn-hangzhou", InstanceId: A_ADV, RepoNamespaceName: "team", RepoName: "app", ImageTag: "v1" },
      ImageTo: { RegionId: "cn-shanghai", InstanceId: A_SH, RepoNamespaceName: "team", RepoName: "app", ImageTag: "v1-copy" },
    });
    expect(task.SyncBatchTaskId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(h.state.syncTasks[SyncTaskId as string]!.override).toBe(true);
    expect(h.authorizations.at(-1)).toEqual(["cr:GetRepositorySync", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}`]);
  });

  it("allows a new target repository when the target namespace creates repositories on push", () => {
    const { h, repoId } = setup();
    expect(h.call("CreateRepoSyncTask", copy(repoId, { TargetRepoName: "brand-new" })).SyncTaskId).toBeTruthy();
  });

  it.each([
    [{ Tag: "v9" }, "TAG_NOT_EXIST"],
    [{ RepoId: "crr-unknown000000000" }, "REPO_NOT_EXIST"],
    [{ TargetNamespace: "missing" }, "NAMESPACE_NOT_EXIST"],
    [{ TargetNamespace: "manual", TargetRepoName: "absent" }, "REPO_NOT_EXIST"],
    [{ TargetRepoName: "Bad" }, "REPO_NAME_INVALID"],
    [{ TargetTag: "-bad" }, "PARAM_INVALID"],
    [{ TargetInstanceId: A_ADV, TargetRegionId: "cn-hangzhou" }, "PARAM_INVALID"],
    [{ TargetInstanceId: B_SH }, "INSTANCE_NOT_EXIST"],
    [{ Override: "maybe" }, "InvalidParameter"],
    [{ TargetNamespace: "" }, "MissingParameter"],
    [{ TargetNamespaceName: "team", TargetNamespace: "" }, "MissingParameter"],
  ])("refuses %j with %s", (extra, code) => {
    const { h, repoId } = setup();
    h.fail("CreateRepoSyncTask", copy(repoId, extra), code);
  });

  it("refuses a Standard Edition source", () => {
    const { h } = setup();
    const repoId = h.repo(A_STD, "team", "app");
    recordTag(h.state, A_STD, "team", "app", { tag: "v1", digest: digest(1), size: 1 }, h.now);
    h.fail("CreateRepoSyncTask", copy(repoId, { InstanceId: A_STD }), "INSTANCE_EDITION_NOT_SUPPORT");
  });

  it("checks cr:CreateRepositorySync with the target account's sync role for a cross-account copy", () => {
    const { h, repoId } = setup();
    const { SyncTaskId } = h.call("CreateRepoSyncTask", copy(repoId, { TargetInstanceId: B_SH, TargetUserId: UID_B }));
    expect(h.crossAccountCalls).toEqual([[UID_B, UID_A, "cr:CreateRepositorySync", `acs:cr:cn-shanghai:${UID_B}:instance/${B_SH}`]]);
    expect(h.call("GetRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: SyncTaskId as string }).CrossUser).toBe(true);
    h.crossAccount = () => {
      throw crError("CROSS_ACCOUNT_ROLE_NO_PERMISSION", "no");
    };
    h.fail("CreateRepoSyncTask", copy(repoId, { TargetInstanceId: B_SH, TargetUserId: UID_B }), "CROSS_ACCOUNT_ROLE_NO_PERMISSION");
  });
});

describe("CR sync tasks: CreateRepoSyncTaskByRule", () => {
  it("runs a manual rule for one tag, keeping the source repository name for a NAMESPACE rule", () => {
    const { h, repoId } = setup();
    const ruleId = h.call("CreateRepoSyncRule", manualRule()).SyncRuleId as string;
    const { SyncTaskId } = h.call("CreateRepoSyncTaskByRule", { InstanceId: A_ADV, RepoId: repoId, SyncRuleId: ruleId, Tag: "v1" });
    expect(h.call("GetRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: SyncTaskId as string })).toMatchObject({
      SyncRuleId: ruleId,
      TaskTrigger: "INITIATIVE",
      ImageTo: { InstanceId: A_SH, RepoNamespaceName: "team", RepoName: "app", ImageTag: "v1" },
    });
  });

  it("refuses automatic rules, uncovered repositories and tags, and unknown rules", () => {
    const { h, repoId } = setup();
    const manual = h.call("CreateRepoSyncRule", manualRule({ RepoNameFilter: "web" })).SyncRuleId as string;
    const passive = h.call("CreateRepoSyncRule", manualRule({ SyncRuleName: "auto", SyncTrigger: "PASSIVE" })).SyncRuleId as string;
    const byRule = (ruleId: string, tag = "v1") => ({ InstanceId: A_ADV, RepoId: repoId, SyncRuleId: ruleId, Tag: tag });
    h.fail("CreateRepoSyncTaskByRule", byRule(passive), "SYNC_RULE_TRIGGER_NOT_SUPPORT");
    h.fail("CreateRepoSyncTaskByRule", byRule(manual), "SYNC_RULE_NOT_MATCH");
    const any = h.call("CreateRepoSyncRule", manualRule({ SyncRuleName: "any" })).SyncRuleId as string;
    h.fail("CreateRepoSyncTaskByRule", byRule(any, "latest"), "SYNC_RULE_NOT_MATCH");
    h.fail("CreateRepoSyncTaskByRule", byRule(any, "v7"), "TAG_NOT_EXIST");
    h.fail("CreateRepoSyncTaskByRule", byRule("crsr-unknown00000000"), "SYNC_RULE_NOT_EXIST");
    h.fail("CreateRepoSyncTaskByRule", { ...byRule(any), Priority: "9" }, "PARAM_INVALID");
    h.fail(
      "CreateRepoSyncTaskByRule",
      { InstanceId: A_SH, RepoId: repoId, SyncRuleId: any, Tag: "v1" },
      "SYNC_RULE_DIRECTION_NOT_SUPPORT",
      { region: "cn-shanghai" },
    );
  });

  it("re-checks the target's consent for a cross-account rule", () => {
    const { h, repoId } = setup();
    const ruleId = h.call(
      "CreateRepoSyncRule",
      manualRule({ TargetInstanceId: B_SH, TargetUserId: UID_B, SyncScope: "REPO", RepoName: "app", TargetRepoName: "app" }),
    ).SyncRuleId as string;
    h.crossAccount = () => {
      throw crError("CROSS_ACCOUNT_ROLE_NOT_TRUSTED", "withdrawn");
    };
    h.fail("CreateRepoSyncTaskByRule", { InstanceId: A_ADV, RepoId: repoId, SyncRuleId: ruleId, Tag: "v1" }, "CROSS_ACCOUNT_ROLE_NOT_TRUSTED");
    expect(h.crossAccountCalls.at(-1)).toEqual([UID_B, UID_A, "cr:CreateRepositorySync", `acs:cr:cn-shanghai:${UID_B}:instance/${B_SH}`]);
  });
});

describe("CR sync tasks: pushes, listing and cancelling", () => {
  it("starts PASSIVE tasks only for rules that existed at push time, sharing one batch ID", () => {
    const { h } = setup();
    const push = (tag: string) => recordTag(h.state, A_ADV, "team", "app", { tag, digest: digest(5), size: 5 }, h.now);
    expect(push("v2").matchedRules).toEqual([]);
    h.call("CreateRepoSyncRule", manualRule({ SyncRuleName: "ns", SyncTrigger: "PASSIVE" }));
    h.call("CreateRepoSyncRule", { ...manualRule({ SyncRuleName: "repo", SyncTrigger: "PASSIVE", SyncScope: "REPO" }), RepoName: "app", TargetRepoName: "app" });
    h.call("CreateRepoSyncRule", manualRule({ SyncRuleName: "manual" }));
    const result = push("v3");
    expect(result.matchedRules.map((r) => r.syncRuleName)).toEqual(["ns", "repo"]);
    // `latest` is outside the rules' TagFilter `v.*`.
    expect(push("latest").matchedRules).toEqual([]);
    const tasks = addPassiveTasks(h.state, { regionId: "cn-hangzhou", instanceId: A_ADV, namespaceName: "team", repoName: "app", tag: "v3" }, result.matchedRules, h.now);
    expect(new Set(tasks.map((t) => t.syncBatchTaskId)).size).toBe(1);
    const listed = h.call("ListRepoSyncTask", { InstanceId: A_ADV, SyncRecordId: tasks[0]!.syncBatchTaskId });
    expect(listed.TotalCount).toBe("2");
    expect((listed.SyncTasks as Row[]).every((t) => t.TaskTrigger === "PASSIVE")).toBe(true);
  });

  it("lists tasks newest first with a string TotalCount and the ModifedTime duplicate", () => {
    const { h, repoId } = setup();
    const ids: string[] = [];
    for (const tag of ["a", "b", "c"]) {
      ids.push(h.call("CreateRepoSyncTask", copy(repoId, { TargetTag: tag })).SyncTaskId as string);
      h.now += 1000;
    }
    const body = h.call("ListRepoSyncTask", { InstanceId: A_ADV, PageSize: 2 });
    expect(body).toMatchObject({ TotalCount: "3", PageNo: 1, PageSize: 2 });
    const items = body.SyncTasks as Row[];
    expect(items.map((t) => t.SyncTaskId)).toEqual([ids[2], ids[1]]);
    expect(items[0]!.ModifedTime).toBe(items[0]!.ModifiedTime);
    expect(items[0]).not.toHaveProperty("Progress");
    expect(items[0]).not.toHaveProperty("LayerTasks");
    expect(items[0]).toMatchObject({ CustomLink: false, LinkId: "" });
    expect(h.call("ListRepoSyncTask", { InstanceId: A_ADV, Tag: "latest" }).TotalCount).toBe("0");
    expect(h.call("ListRepoSyncTask", { InstanceId: A_ADV, RepoNamespaceName: "team", RepoName: "app", Tag: "v1" }).TotalCount).toBe("3");
    expect(h.call("ListRepoSyncTask", { InstanceId: A_SH }, { region: "cn-shanghai" }).TotalCount).toBe("0");
  });

  it("cancels a PENDING or SYNCHRONIZING task and refuses to cancel an ended one", () => {
    const { h, repoId } = setup();
    const pending = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    h.call("CancelRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: pending });
    expect(h.call("GetRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: pending }).TaskStatus).toBe("CANCELED");
    expect(h.authorizations.at(-2)).toEqual(["cr:CancelRepoSyncTask", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}`]);
    h.fail("CancelRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: pending }, "SYNC_TASK_STATUS_NOT_SUPPORT");

    const running = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    const layer = { syncLayerTaskId: "rslt-x", digest: digest(7), artifactDigest: digest(8), size: 10, syncedSize: 5, status: "SYNCHRONIZING" as const };
    expect(reportSyncProgress(h.state, running, { syncedSize: 5, progress: 0.5, layerTasks: [layer] }, h.now)).toBe(true);
    h.call("CancelRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: running });
    const task = h.call("GetRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: running });
    expect(task).toMatchObject({ TaskStatus: "CANCELED", SyncedSize: 5, Progress: 0.5 });
    expect((task.LayerTasks as Row[])[0]).toMatchObject({ SyncLayerTaskId: "rslt-x", TaskStatus: "CANCELED", Digest: digest(7) });
    expect(reportSyncProgress(h.state, running, { syncedSize: 10, progress: 1 }, h.now)).toBe(false);

    const done = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    expect(finishSyncTask(h.state, done, { status: "SUCCESS" }, h.now)).toBe(true);
    h.fail("CancelRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: done }, "SYNC_TASK_STATUS_NOT_SUPPORT");
    expect(cancelSyncTask(h.state, done, h.now)).toBe(false);
  });

  it("answers an unknown task with HTTP 400 SYNC_TASK_NOT_EXIST, also when asked through the target instance", () => {
    const { h, repoId } = setup();
    const error = h.fail("CancelRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: "rst-unknown000000000" }, "SYNC_TASK_NOT_EXIST");
    expect(error.httpStatus).toBe(400);
    expect(error.envelope).toBe("cr");
    const id = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    h.fail("GetRepoSyncTask", { InstanceId: A_SH, SyncTaskId: id }, "SYNC_TASK_NOT_EXIST", { region: "cn-shanghai" });
  });

  it("records finished and failed tasks as the executor reports them", () => {
    const { h, repoId } = setup();
    const ok = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    const bad = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    finishSyncTask(h.state, ok, { status: "SUCCESS" }, h.now + 5);
    finishSyncTask(h.state, bad, { status: "ERROR", issue: "TAG_CONFLICT" }, h.now + 5);
    expect(h.call("GetRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: ok })).toMatchObject({ TaskStatus: "SUCCESS", Progress: 1 });
    // Only list items carry timestamps (GetRepoSyncTask has none in the official SDK or the docs).
    const listed = h.call("ListRepoSyncTask", { InstanceId: A_ADV }).SyncTasks as Array<Record<string, unknown>>;
    expect(listed.find((t) => t.SyncTaskId === ok)).toMatchObject({ ModifiedTime: h.now + 5, ModifedTime: h.now + 5 });
    expect(h.call("GetRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: bad })).toMatchObject({ TaskStatus: "ERROR", TaskIssue: "TAG_CONFLICT", Progress: 0 });
    expect(finishSyncTask(h.state, ok, { status: "ERROR", issue: "NETWORK_ERROR" }, h.now)).toBe(false);
    expect(() => finishSyncTask(h.state, "rst-nope", { status: "SUCCESS" }, h.now)).toThrow(/no sync task/);
  });
});

describe("CR sync tasks: the executor hook", () => {
  it("hands each new task to the executor and tells it about cancellations", () => {
    const started: string[] = [];
    const cancelled: string[] = [];
    const { h, repoId } = setup({ start: (id) => started.push(id), cancel: (id) => cancelled.push(id) });
    const id = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    expect(started).toEqual([id]);
    h.call("CancelRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: id });
    expect(cancelled).toEqual([id]);
  });

  it("fails only the task, not the call, when the executor throws", () => {
    const { h, repoId } = setup({
      start: () => {
        throw new Error("copier down");
      },
    });
    const id = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    expect(h.call("GetRepoSyncTask", { InstanceId: A_ADV, SyncTaskId: id })).toMatchObject({ TaskStatus: "ERROR", TaskIssue: "INTERNAL_ERROR" });
  });

  it("can be attached after the service is created; tasks made before stay PENDING", () => {
    const { h, repoId } = setup();
    const before = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    const started: string[] = [];
    h.service.setSyncExecutor({ start: (id) => started.push(id) });
    const after = h.call("CreateRepoSyncTask", copy(repoId)).SyncTaskId as string;
    expect(started).toEqual([after]);
    expect(h.state.syncTasks[before]!.status).toBe("PENDING");
  });
});
