import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { CrClient } from "../../../sdk/clients";
import { AcsError } from "../../../sdk/errors";
import type { CallOptions, RpcCaller } from "../../../sdk/rpc/client";
import { startFakePop, type FakePop } from "./fake-pop";

let pop: FakePop | undefined;
afterEach(async () => {
  await pop?.close();
  pop = undefined;
});

const ok = { Code: "success", IsSuccess: true };

describe("CrClient requests and responses", () => {
  it("sends each action with version 2018-12-01 and its wire-named parameters, the region only in the Host", async () => {
    pop = await startFakePop({
      CreateRepository: { ...ok, RepoId: "crr-xwvi3osiy4ff0001" },
      CreateRepoSyncTask: { ...ok, SyncTaskId: "rst-biu4u4pm4it50001" },
      DeleteRepoTag: ok,
    });
    const { cr } = pop.clients;
    await expect(
      cr.createRepository({ InstanceId: "cri-1", RepoNamespaceName: "ns", RepoName: "app", RepoType: "PRIVATE", Summary: "s", TagImmutability: false }),
    ).resolves.toMatchObject({ RepoId: "crr-xwvi3osiy4ff0001" });
    await cr.createRepoSyncTask({
      InstanceId: "cri-1", RepoId: "crr-1", Tag: "v1", TargetRegionId: "cn-shanghai", TargetInstanceId: "cri-2",
      TargetNamespace: "ns", TargetRepoName: "app", TargetTag: "v1", Override: true,
    });
    await cr.deleteRepoTag({ InstanceId: "cri-1", RepoId: "crr-1", Tag: "old" });
    expect(pop.calls).toEqual([
      {
        action: "CreateRepository", version: "2018-12-01",
        params: { InstanceId: "cri-1", RepoNamespaceName: "ns", RepoName: "app", RepoType: "PRIVATE", Summary: "s", TagImmutability: "false" },
      },
      {
        action: "CreateRepoSyncTask", version: "2018-12-01",
        params: {
          InstanceId: "cri-1", RepoId: "crr-1", Tag: "v1", TargetRegionId: "cn-shanghai", TargetInstanceId: "cri-2",
          TargetNamespace: "ns", TargetRepoName: "app", TargetTag: "v1", Override: "true",
        },
      },
      { action: "DeleteRepoTag", version: "2018-12-01", params: { InstanceId: "cri-1", RepoId: "crr-1", Tag: "old" } },
    ]);
  });

  it("sends DefaultRepoConfiguration as one JSON string", async () => {
    pop = await startFakePop({ CreateNamespace: ok });
    await pop.clients.cr.createNamespace({
      InstanceId: "cri-1", NamespaceName: "team", AutoCreateRepo: true,
      DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: true },
    });
    const params = pop.calls[0]?.params ?? {};
    expect(JSON.parse(params.DefaultRepoConfiguration ?? "")).toEqual({ RepoType: "PRIVATE", TagImmutability: true });
    expect(params.AutoCreateRepo).toBe("true");
  });

  it("normalises string counts and timestamps, keeps nested configuration and tolerates missing and unknown fields", async () => {
    pop = await startFakePop({
      ListNamespace: {
        ...ok, PageNo: 1, PageSize: 30, TotalCount: "2",
        Namespaces: [
          { InstanceId: "cri-1", NamespaceId: "crn-1", NamespaceName: "a", NamespaceStatus: "NORMAL", AutoCreateRepo: true,
            DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: false }, SomethingNew: 1 },
          { NamespaceName: "b" },
        ],
      },
      ListInstance: {
        ...ok, TotalCount: 1,
        Instances: [{ InstanceId: "cri-1", InstanceStatus: "RUNNING", RegionId: "cn-hangzhou", CreateTime: "1571926644000", Tags: [] }],
      },
      ListRepoTag: { ...ok, TotalCount: "1", Images: [{ Tag: "v1", Digest: "ab".repeat(32), ImageSize: 1024, ImageCreate: "1572839133000" }] },
      GetNamespace: { ...ok, NamespaceName: "a", DefaultRepoConfiguration: '{"RepoType":"PUBLIC","TagImmutability":"true"}' },
    });
    const { cr } = pop.clients;
    const namespaces = await cr.listNamespace({ InstanceId: "cri-1" });
    expect(namespaces.TotalCount).toBe(2);
    expect(namespaces.Namespaces[0]).toEqual({
      InstanceId: "cri-1", NamespaceId: "crn-1", NamespaceName: "a", NamespaceStatus: "NORMAL", AutoCreateRepo: true,
      DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: false },
    });
    expect(namespaces.Namespaces[1]).toEqual({ NamespaceName: "b" });
    const instances = await cr.listInstance();
    expect(instances.Instances[0]?.CreateTime).toBe(1571926644000);
    const tags = await cr.listRepoTag({ InstanceId: "cri-1", RepoId: "crr-1" });
    expect(tags).toMatchObject({ TotalCount: 1, Images: [{ Tag: "v1", ImageCreate: 1572839133000 }] });
    const ns = await cr.getNamespace({ InstanceId: "cri-1", NamespaceName: "a" });
    expect(ns.DefaultRepoConfiguration).toEqual({ RepoType: "PUBLIC", TagImmutability: true });
  });

  it("reads an absent list as empty and folds ListRepoSyncTask's misspelt ModifedTime", async () => {
    pop = await startFakePop({
      ListRepoSyncRule: { ...ok, TotalCount: 0 },
      ListRepoSyncTask: {
        ...ok, TotalCount: "1",
        SyncTasks: [{ SyncTaskId: "rst-1", TaskStatus: "SUCCESS", CrossUser: "false", ModifedTime: 1600000000000,
          ImageFrom: { RepoName: "app", ImageTag: "v1" } }],
      },
    });
    const { cr } = pop.clients;
    expect((await cr.listRepoSyncRule({ InstanceId: "cri-1" })).SyncRules).toEqual([]);
    const task = (await cr.listRepoSyncTask({ InstanceId: "cri-1" })).SyncTasks[0];
    expect(task).toMatchObject({ SyncTaskId: "rst-1", CrossUser: false, ModifiedTime: 1600000000000 });
    expect(task).not.toHaveProperty("ModifedTime");
  });

  it("raises CR's HTTP 200 business error as a not-found AcsError", async () => {
    pop = await startFakePop({ GetRepository: { Code: "REPO_NOT_EXIST", Message: "Repo is not exist.", IsSuccess: false } });
    const error = await pop.clients.cr.getRepository({ InstanceId: "cri-1", RepoNamespaceName: "ns", RepoName: "gone" }).catch((e: unknown) => e);
    expect(AcsError.isNotFound(error)).toBe(true);
    expect(error).toMatchObject({ code: "REPO_NOT_EXIST", httpStatus: 200, operation: "GetRepository" });
  });
});

describe("CrClient pagination", () => {
  const repos = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ RepoId: `crr-${from + i}`, RepoName: `r${from + i}`, RepoNamespaceName: "ns" }));

  it("walks PageNo until a short page", async () => {
    pop = await startFakePop({
      ListRepository: (call) => {
        const pageNo = Number(call.params.PageNo);
        return { ...ok, PageNo: pageNo, PageSize: 2, TotalCount: "5", Repositories: repos((pageNo - 1) * 2, pageNo < 3 ? 2 : 1) };
      },
    });
    const all = await pop.clients.cr.listAllRepositories({ InstanceId: "cri-1", RepoStatus: "ALL" }, { pageSize: 2 });
    expect(all.map((r) => r.RepoId)).toEqual(["crr-0", "crr-1", "crr-2", "crr-3", "crr-4"]);
    expect(pop.calls.map((c) => [c.params.PageNo, c.params.PageSize, c.params.RepoStatus])).toEqual([
      ["1", "2", "ALL"], ["2", "2", "ALL"], ["3", "2", "ALL"],
    ]);
  });

  it("keeps going when the service clamps the page size below what was asked", async () => {
    pop = await startFakePop({
      ListRepository: (call) => {
        const pageNo = Number(call.params.PageNo);
        return { ...ok, PageNo: pageNo, PageSize: 2, Repositories: repos((pageNo - 1) * 2, pageNo < 2 ? 2 : 1) };
      },
    });
    const all = await pop.clients.cr.listAllRepositories({ InstanceId: "cri-1" }, { pageSize: 100 });
    expect(all).toHaveLength(3);
  });

  it("finds a sync rule by ID across pages (there is no GetRepoSyncRule)", async () => {
    pop = await startFakePop({
      ListRepoSyncRule: (call) =>
        call.params.PageNo === "1"
          ? { ...ok, PageSize: 1, TotalCount: 2, SyncRules: [{ SyncRuleId: "crsr-a", SyncDirection: "FROM" }] }
          : { ...ok, PageSize: 1, TotalCount: 2, SyncRules: [{ SyncRuleId: "crsr-b", SyncDirection: "TO", CrossUser: true }] },
    });
    await expect(pop.clients.cr.findRepoSyncRule({ InstanceId: "cri-1", SyncRuleId: "crsr-b" })).resolves.toMatchObject({
      SyncRuleId: "crsr-b", CrossUser: true,
    });
  });
});

describe("CrClient retry safety", () => {
  it("marks creates non-idempotent and reads, updates and deletes idempotent", async () => {
    const seen: Record<string, boolean | undefined> = {};
    const recorder: RpcCaller = {
      async call<T>(action: string, _params: Record<string, unknown>, _schema: z.ZodType<T>, opts?: CallOptions): Promise<T> {
        seen[action] = opts?.idempotent;
        throw new Error("not sent");
      },
    };
    const cr = new CrClient(recorder);
    const id = { InstanceId: "cri-1" };
    const attempts = [
      cr.createNamespace({ ...id, NamespaceName: "n" }),
      cr.createRepository({ ...id, RepoNamespaceName: "n", RepoName: "r", RepoType: "PRIVATE", Summary: "s" }),
      cr.createRepoSyncRule({ ...id, NamespaceName: "n", TagFilter: ".*", SyncRuleName: "x", SyncScope: "NAMESPACE", TargetRegionId: "r", TargetInstanceId: "i", TargetNamespaceName: "n" }),
      cr.createRepoSyncTaskByRule({ ...id, RepoId: "r", SyncRuleId: "s", Tag: "t" }),
      cr.getNamespace({ ...id, NamespaceName: "n" }),
      cr.updateNamespace({ ...id, NamespaceName: "n" }),
      cr.deleteNamespace({ ...id, NamespaceName: "n" }),
      cr.deleteRepoSyncRule({ ...id, SyncRuleId: "s" }),
      cr.cancelRepoSyncTask({ ...id, SyncTaskId: "t" }),
    ];
    await Promise.allSettled(attempts);
    expect(seen).toEqual({
      CreateNamespace: false, CreateRepository: false, CreateRepoSyncRule: false, CreateRepoSyncTaskByRule: false,
      GetNamespace: true, UpdateNamespace: true, DeleteNamespace: true, DeleteRepoSyncRule: true, CancelRepoSyncTask: true,
    });
  });
});
