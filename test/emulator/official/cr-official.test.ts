/**
 * Every CR operation the emulator serves, through the UNMODIFIED official clients (openapi-client
 * V3 callApi; pop-core V1 with GET and with POST) against `startEmulator()` and its default seed:
 * account A owns an Advanced and a Basic instance in cn-hangzhou; account B a Basic instance in
 * cn-shanghai and one in cn-shanghai-finance-1. Expectations come from acr-api.md (wire names and
 * JSON types) and seeds 000/002 (replication prerequisites).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { recordTag, verifyRegistryLogin, type CrState } from "../../../emulator/cr";
import { popCoreDriver, ramCall, v3Driver, type Body, type CrDriver, type Keys, type Outcome } from "../cr/official-drivers";

const SYNC_ROLE = "aliyuncontainerregistrycrossaccoutsyncrole";

function ok(outcome: Outcome): Body {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code} (${outcome.status}): ${JSON.stringify(outcome.body)}`);
  expect(outcome.body).toMatchObject({ Code: "success", IsSuccess: true });
  expect(outcome.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  return outcome.body;
}

function refused(outcome: Outcome, code: string, status = 200): Body {
  if (outcome.ok) throw new Error(`expected ${code}, got success: ${JSON.stringify(outcome.body)}`);
  expect({ code: outcome.code, status: outcome.status }).toEqual({ code, status });
  return outcome.body;
}

const drivers: Array<(emulator: RunningEmulator) => CrDriver> = [
  (emulator) => v3Driver(emulator.port),
  (emulator) => popCoreDriver(emulator.endpoint, "GET"),
  (emulator) => popCoreDriver(emulator.endpoint, "POST"),
];

describe.each(drivers.map((make, index) => ({ make, index, name: ["V3 callApi", "pop-core GET", "pop-core POST"][index] })))(
  "CR 2018-12-01 through $name",
  ({ make }) => {
    let emulator: RunningEmulator;
    let driver: CrDriver;
    let ownerA: Keys;
    let userA: Keys;
    let ownerB: Keys;
    let uidA: string;
    let uidB: string;
    let advanced: string;
    let basic: string;
    let bShanghai: string;
    let bFinance: string;
    const cr = () => emulator.runtime.state.cr as CrState;
    const asA = (action: string, params: Record<string, string | number | boolean> = {}) =>
      driver.call(action, { RegionId: "cn-hangzhou", ...params }, ownerA);
    const asB = (action: string, params: Record<string, string | number | boolean> = {}) =>
      driver.call(action, { RegionId: "cn-shanghai", ...params }, ownerB);

    beforeAll(async () => {
      emulator = await startEmulator({});
      driver = make(emulator);
      const [a, b] = emulator.seed.accounts;
      ownerA = { accessKeyId: a!.accessKeyId, accessKeySecret: a!.accessKeySecret };
      userA = { accessKeyId: a!.users[0]!.accessKeyId, accessKeySecret: a!.users[0]!.accessKeySecret };
      ownerB = { accessKeyId: b!.accessKeyId, accessKeySecret: b!.accessKeySecret };
      uidA = a!.uid;
      uidB = b!.uid;
      advanced = a!.instances.find((i) => i.edition === "Advanced")!.instanceId;
      basic = a!.instances.find((i) => i.edition === "Basic")!.instanceId;
      bShanghai = b!.instances.find((i) => i.regionId === "cn-shanghai")!.instanceId;
      bFinance = b!.instances.find((i) => i.regionId.includes("finance"))!.instanceId;
    });
    afterAll(async () => {
      await emulator?.stop();
    });

    it("reads instances with the documented JSON types", async () => {
      const list = ok(await asA("ListInstance", { PageSize: 10 }));
      expect(list.TotalCount).toBe(2);
      const items = list.Instances as Body[];
      expect(items.map((i) => i.InstanceId).sort()).toEqual([advanced, basic].sort());
      expect(items[0]!.CreateTime).toMatch(/^\d{13}$/);
      const instance = ok(await asA("GetInstance", { InstanceId: advanced }));
      expect(instance).toMatchObject({ InstanceId: advanced, InstanceSpecification: "Enterprise_Advanced", InstanceStatus: "RUNNING" });
      expect(typeof instance.CreateTime).toBe("number");
      const endpoint = ok(await asA("GetInstanceEndpoint", { InstanceId: advanced, EndpointType: "internet" }));
      expect((endpoint.Domains as Body[])[0]!.Domain).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(ok(await asA("GetInstanceUsage", { InstanceId: advanced })).NamespaceQuota).toBe("1000");
      refused(await asB("GetInstance", { InstanceId: advanced, RegionId: "cn-hangzhou" }), "INSTANCE_NOT_EXIST");
    });

    it("manages namespaces and repositories", async () => {
      const config = JSON.stringify({ RepoType: "PUBLIC", TagImmutability: false });
      ok(await asA("CreateNamespace", { InstanceId: advanced, NamespaceName: "team", AutoCreateRepo: true, DefaultRepoConfiguration: config }));
      refused(await asA("CreateNamespace", { InstanceId: advanced, NamespaceName: "team" }), "NAMESPACE_ALREADY_EXIST");
      refused(await asA("CreateNamespace", { InstanceId: advanced, NamespaceName: "Bad_" }), "NAMESPACE_NAME_INVALID");
      const namespace = ok(await asA("GetNamespace", { InstanceId: advanced, NamespaceName: "team" }));
      expect(namespace).toMatchObject({ AutoCreateRepo: true, DefaultRepoConfiguration: { RepoType: "PUBLIC", TagImmutability: false } });
      ok(await asA("UpdateNamespace", { InstanceId: advanced, NamespaceName: "team", DefaultRepoType: "PRIVATE" }));
      expect(ok(await asA("ListNamespace", { InstanceId: advanced })).TotalCount).toBe("1");

      const created = ok(
        await asA("CreateRepository", { InstanceId: advanced, RepoNamespaceName: "team", RepoName: "app", RepoType: "PRIVATE", Summary: "说明 * ~" }),
      );
      expect(created.RepoId).toMatch(/^crr-/);
      const repo = ok(await asA("GetRepository", { InstanceId: advanced, RepoId: created.RepoId as string }));
      expect(repo).toMatchObject({ RepoName: "app", Summary: "说明 * ~", RepoBuildType: "MANUAL" });
      ok(await asA("UpdateRepository", { InstanceId: advanced, RepoId: created.RepoId as string, RepoType: "PUBLIC", Summary: "new", TagImmutability: true }));
      const list = ok(await asA("ListRepository", { InstanceId: advanced, RepoNamespaceName: "team", RepoStatus: "ALL" }));
      expect(list.TotalCount).toBe("1");
      expect((list.Repositories as Body[])[0]).toMatchObject({ RepoType: "PUBLIC", TagImmutability: true });
      refused(await asA("GetRepository", { InstanceId: advanced, RepoNamespaceName: "team", RepoName: "nope" }), "REPO_NOT_EXIST");

      ok(await asA("CreateRepository", { InstanceId: advanced, RepoNamespaceName: "team", RepoName: "scratch", RepoType: "PRIVATE", Summary: "x" }));
      ok(await asA("DeleteRepository", { InstanceId: advanced, RepoNamespaceName: "team", RepoName: "scratch" }));
      ok(await asA("CreateNamespace", { InstanceId: advanced, NamespaceName: "temp" }));
      ok(await asA("DeleteNamespace", { InstanceId: advanced, NamespaceName: "temp" }));
      refused(await asA("GetNamespace", { InstanceId: advanced, NamespaceName: "temp" }), "NAMESPACE_NOT_EXIST");
    });

    it("lists, reads and deletes tags the data plane recorded", async () => {
      ok(await asA("CreateNamespace", { InstanceId: advanced, NamespaceName: "tags" }));
      const pushed = recordTag(cr(), advanced, "tags", "img", { tag: "v1", digest: `sha256:${"a".repeat(64)}`, size: 42 });
      recordTag(cr(), advanced, "tags", "img", { tag: "v2", digest: `sha256:${"b".repeat(64)}`, size: 43 }, Date.now() + 1);
      const repoId = pushed.repo.repoId;
      const tags = ok(await asA("ListRepoTag", { InstanceId: advanced, RepoId: repoId }));
      expect(tags.TotalCount).toBe("2");
      expect((tags.Images as Body[]).map((i) => i.Tag)).toEqual(["v2", "v1"]);
      expect((tags.Images as Body[])[1]).toMatchObject({ Digest: "a".repeat(64), ImageSize: 42 });
      expect(typeof (tags.Images as Body[])[1]!.ImageCreate).toBe("string");
      const one = ok(await asA("GetRepoTag", { InstanceId: advanced, RepoId: repoId, Tag: "v1" }));
      expect(typeof one.ImageCreate).toBe("number");
      ok(await asA("DeleteRepoTag", { InstanceId: advanced, RepoId: repoId, Tag: "v1" }));
      refused(await asA("GetRepoTag", { InstanceId: advanced, RepoId: repoId, Tag: "v1" }), "TAG_NOT_EXIST");
    });

    it("sets a login password and issues temporary tokens the data plane can verify", async () => {
      ok(await asA("ResetLoginPassword", { InstanceId: advanced, Password: "Emu-Pass-2026" }));
      refused(await asA("ResetLoginPassword", { InstanceId: advanced, Password: "short" }), "PASSWORD_INVALID");
      expect(verifyRegistryLogin(cr(), advanced, uidA, "Emu-Pass-2026", Date.now()).ok).toBe(true);
      const token = ok(await asA("GetAuthorizationToken", { InstanceId: advanced }));
      expect(token.ExpireTime).toBeGreaterThan(Date.now() + 3_500_000);
      const login = verifyRegistryLogin(cr(), advanced, token.TempUsername as string, token.AuthorizationToken as string, Date.now());
      expect(login).toMatchObject({ ok: true, via: "token", accountId: uidA });
    });

    it("refuses replication from a Basic source and into a Finance region", async () => {
      ok(await asA("CreateNamespace", { InstanceId: basic, NamespaceName: "team" }));
      const rule = { NamespaceName: "team", TagFilter: ".*", SyncScope: "NAMESPACE", TargetNamespaceName: "team", TargetUserId: uidB };
      const toB = { TargetRegionId: "cn-shanghai", TargetInstanceId: bShanghai };
      refused(await asA("CreateRepoSyncRule", { InstanceId: basic, SyncRuleName: "r1", ...rule, ...toB }), "INSTANCE_EDITION_NOT_SUPPORT");
      const toFinance = { TargetRegionId: "cn-shanghai-finance-1", TargetInstanceId: bFinance };
      refused(await asA("CreateRepoSyncRule", { InstanceId: advanced, SyncRuleName: "r2", ...rule, ...toFinance }), "SYNC_REGION_NOT_SUPPORT");
    });

    it("replicates across accounts once the target grants the sync role, listing the rule on both sides", async () => {
      ok(await asB("CreateNamespace", { InstanceId: bShanghai, NamespaceName: "team" }));
      const rule = {
        InstanceId: advanced,
        NamespaceName: "team",
        TagFilter: "v.*",
        SyncRuleName: "to-b",
        SyncScope: "NAMESPACE",
        SyncTrigger: "INITIATIVE",
        TargetRegionId: "cn-shanghai",
        TargetInstanceId: bShanghai,
        TargetNamespaceName: "team",
        TargetUserId: uidB,
      };
      refused(await asA("CreateRepoSyncRule", rule), "CROSS_ACCOUNT_ROLE_NOT_EXIST");

      const trust = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: [`${uidA}@cr.aliyuncs.com`] } }] };
      const grant = {
        Version: "1",
        Statement: [{ Effect: "Allow", Action: ["cr:CreateSyncRule", "cr:CreateRepositorySync"], Resource: `acs:cr:cn-shanghai:${uidB}:instance/${bShanghai}` }],
      };
      await ramCall(emulator.endpoint, ownerB, "CreateRole", { RoleName: SYNC_ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) });
      await ramCall(emulator.endpoint, ownerB, "CreatePolicy", { PolicyName: "cr-sync-from-a", PolicyDocument: JSON.stringify(grant) });
      await ramCall(emulator.endpoint, ownerB, "AttachPolicyToRole", { PolicyType: "Custom", PolicyName: "cr-sync-from-a", RoleName: SYNC_ROLE });

      const ruleId = ok(await asA("CreateRepoSyncRule", rule)).SyncRuleId as string;
      expect(ruleId).toMatch(/^crsr-/);
      const fromA = ok(await asA("ListRepoSyncRule", { InstanceId: advanced }));
      expect(fromA.TotalCount).toBe(1);
      expect((fromA.SyncRules as Body[])[0]).toMatchObject({ SyncRuleId: ruleId, SyncDirection: "FROM", CrossUser: true });
      const onB = ok(await asB("ListRepoSyncRule", { InstanceId: bShanghai }));
      expect((onB.SyncRules as Body[])[0]).toMatchObject({ SyncRuleId: ruleId, SyncDirection: "TO", LocalInstanceId: advanced });
      refused(await asB("DeleteRepoSyncRule", { InstanceId: bShanghai, SyncRuleId: ruleId }), "SYNC_RULE_DIRECTION_NOT_SUPPORT");

      // Tasks: by rule, and a one-off copy; the sync executor takes them at once (these tags have no
      // blobs behind them, so they end in ERROR). A slow source registry keeps the copy running long
      // enough to cancel it.
      emulator.admin.setFaults({ registry: [{ kind: "latency", instanceId: advanced, latencyMs: 1500 }] });
      const repoId = recordTag(cr(), advanced, "team", "web", { tag: "v1", digest: `sha256:${"c".repeat(64)}`, size: 7 }).repo.repoId;
      const byRule = ok(await asA("CreateRepoSyncTaskByRule", { InstanceId: advanced, RepoId: repoId, SyncRuleId: ruleId, Tag: "v1" }));
      const copy = ok(
        await asA("CreateRepoSyncTask", {
          InstanceId: advanced,
          RepoId: repoId,
          Tag: "v1",
          TargetRegionId: "cn-shanghai",
          TargetInstanceId: bShanghai,
          TargetNamespace: "team",
          TargetRepoName: "web",
          TargetTag: "copied",
          Override: true,
          TargetUserId: uidB,
        }),
      );
      const task = ok(await asA("GetRepoSyncTask", { InstanceId: advanced, SyncTaskId: byRule.SyncTaskId as string }));
      expect(task).toMatchObject({ TaskStatus: expect.stringMatching(/^(PENDING|SYNCHRONIZING|ERROR)$/), TaskTrigger: "INITIATIVE", SyncRuleId: ruleId, CrossUser: true, ImageTo: { InstanceId: bShanghai, RepoName: "web" } });
      const tasks = ok(await asA("ListRepoSyncTask", { InstanceId: advanced }));
      expect(tasks.TotalCount).toBe("2");
      expect((tasks.SyncTasks as Body[])[0]).toHaveProperty("ModifedTime");

      ok(await asA("CancelRepoSyncTask", { InstanceId: advanced, SyncTaskId: copy.SyncTaskId as string }));
      expect(ok(await asA("GetRepoSyncTask", { InstanceId: advanced, SyncTaskId: copy.SyncTaskId as string })).TaskStatus).toBe("CANCELED");
      refused(await asA("CancelRepoSyncTask", { InstanceId: advanced, SyncTaskId: copy.SyncTaskId as string }), "SYNC_TASK_STATUS_NOT_SUPPORT");
      refused(await asA("CancelRepoSyncTask", { InstanceId: advanced, SyncTaskId: "rst-doesnotexist0000" }), "SYNC_TASK_NOT_EXIST", 400);
      emulator.admin.setFaults({});

      ok(await asA("DeleteRepoSyncRule", { InstanceId: advanced, SyncRuleId: ruleId }));
      expect(ok(await asB("ListRepoSyncRule", { InstanceId: bShanghai })).TotalCount).toBe(0);
    });

    it("answers gateway-style errors for a missing parameter and a RAM user without permission", async () => {
      const missing = refused(await asA("GetInstance", {}), "MissingParameter", 400);
      expect(missing).toHaveProperty("HostId", "cr.cn-hangzhou.aliyuncs.com");
      const denied = await driver.call("GetInstance", { RegionId: "cn-hangzhou", InstanceId: advanced }, userA);
      refused(denied, "NoPrivilege", 403);
    });
  },
);
