/**
 * The project's own SDK (sdk/clients) against the emulator: every CR method's zod schema accepts
 * what the emulator answers, and business errors surface as AcsError with the emulator's code. If
 * the emulator drifted from the wire shapes the SDK expects, the provider's tests would be
 * testing a fiction; this catches it at the source.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { recordTag, type CrState } from "../../../emulator/cr";
import { AcsError } from "../../../sdk/errors";
import { createClients, type Clients } from "../../../sdk/clients";

let emulator: RunningEmulator;
let clients: Clients;
let advanced: string;
let basic: string;

beforeAll(async () => {
  emulator = await startEmulator({});
  const account = emulator.seed.accounts[0]!;
  advanced = account.instances.find((i) => i.edition === "Advanced")!.instanceId;
  basic = account.instances.find((i) => i.edition === "Basic")!.instanceId;
  clients = createClients({
    region: "cn-hangzhou",
    endpoints: { cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint },
    credentials: async () => ({ accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret, source: "test seed" }),
    retry: { maxAttempts: 1 },
  });
});

afterAll(async () => {
  await clients?.close();
  await emulator?.stop();
});

describe("the SDK's CR client against the emulator", () => {
  it("parses instance, namespace, repository and tag responses", async () => {
    const { cr } = clients;
    expect((await cr.getInstance({ InstanceId: advanced })).InstanceSpecification).toBe("Enterprise_Advanced");
    const instances = await cr.listInstance({});
    expect(instances.TotalCount).toBe(2);
    expect(typeof instances.Instances[0]!.CreateTime).toBe("number");
    expect((await cr.getInstanceEndpoint({ InstanceId: advanced, EndpointType: "internet" })).Domains[0]!.Type).toBe("SYSTEM");

    await cr.createNamespace({ InstanceId: advanced, NamespaceName: "sdk", DefaultRepoConfiguration: { RepoType: "PUBLIC", TagImmutability: true } });
    const namespace = await cr.getNamespace({ InstanceId: advanced, NamespaceName: "sdk" });
    expect(namespace.DefaultRepoConfiguration).toEqual({ RepoType: "PUBLIC", TagImmutability: true });
    await cr.updateNamespace({ InstanceId: advanced, NamespaceName: "sdk", AutoCreateRepo: false });
    expect((await cr.listNamespace({ InstanceId: advanced })).TotalCount).toBe(1);

    const { RepoId } = await cr.createRepository({ InstanceId: advanced, RepoNamespaceName: "sdk", RepoName: "app", RepoType: "PRIVATE", Summary: "s" });
    expect((await cr.getRepository({ InstanceId: advanced, RepoId })).RepoName).toBe("app");
    await cr.updateRepository({ InstanceId: advanced, RepoId, RepoType: "PUBLIC", Summary: "t" });
    expect((await cr.listRepository({ InstanceId: advanced })).TotalCount).toBe(1);

    recordTag(emulator.runtime.state.cr as CrState, advanced, "sdk", "app", { tag: "v1", digest: `sha256:${"d".repeat(64)}`, size: 9 });
    const tags = await cr.listRepoTag({ InstanceId: advanced, RepoId });
    expect(tags.Images[0]).toMatchObject({ Tag: "v1", ImageSize: 9 });
    expect(typeof tags.Images[0]!.ImageCreate).toBe("number");
    await cr.deleteRepoTag({ InstanceId: advanced, RepoId, Tag: "v1" });

    const token = await cr.getAuthorizationToken({ InstanceId: advanced });
    expect(token.TempUsername).toBeTruthy();
    await cr.resetLoginPassword({ InstanceId: advanced, Password: "Sdk-Pass-2026" });
    await cr.deleteRepository({ InstanceId: advanced, RepoId });
    await cr.deleteNamespace({ InstanceId: advanced, NamespaceName: "sdk" });
  });

  it("parses sync rule and task responses, the ModifedTime typo folded away", async () => {
    const { cr } = clients;
    const rule = {
      InstanceId: advanced,
      NamespaceName: "rep",
      TagFilter: ".*",
      SyncRuleName: "to-basic",
      SyncScope: "NAMESPACE" as const,
      TargetRegionId: "cn-hangzhou",
      TargetInstanceId: basic,
      TargetNamespaceName: "rep",
    };
    await expect(cr.createRepoSyncRule(rule)).rejects.toSatisfy(
      (error) => AcsError.isNotFound(error) && (error as AcsError).code === "NAMESPACE_NOT_EXIST",
    );
    await cr.createNamespace({ InstanceId: advanced, NamespaceName: "rep" });
    await cr.createNamespace({ InstanceId: basic, NamespaceName: "rep" });
    const { SyncRuleId } = await cr.createRepoSyncRule(rule);
    const onTarget = await cr.listRepoSyncRule({ InstanceId: basic });
    expect(onTarget.TotalCount).toBe(1);
    expect(onTarget.SyncRules[0]).toMatchObject({ SyncRuleId, SyncDirection: "TO", CrossUser: false });

    const repoId = recordTag(emulator.runtime.state.cr as CrState, advanced, "rep", "app", { tag: "v1", digest: `sha256:${"e".repeat(64)}`, size: 1 }).repo
      .repoId;
    const { SyncTaskId } = await cr.createRepoSyncTask({
      InstanceId: advanced,
      RepoId: repoId,
      Tag: "v1",
      TargetRegionId: "cn-hangzhou",
      TargetInstanceId: basic,
      TargetNamespace: "rep",
      TargetRepoName: "app",
      TargetTag: "v1",
    });
    // The sync executor takes the task at once; this tag has no blobs behind it, so it ends in ERROR.
    expect(["PENDING", "SYNCHRONIZING", "ERROR"]).toContain((await cr.getRepoSyncTask({ InstanceId: advanced, SyncTaskId })).TaskStatus);
    const tasks = await cr.listRepoSyncTask({ InstanceId: advanced });
    expect(tasks.TotalCount).toBe(1);
    expect(tasks.SyncTasks[0]!.ModifiedTime).toEqual(expect.any(Number));
    await cr.cancelRepoSyncTask({ InstanceId: advanced, SyncTaskId });
    await expect(cr.cancelRepoSyncTask({ InstanceId: advanced, SyncTaskId: "rst-none00000000000" })).rejects.toSatisfy(
      (error) => AcsError.is(error, "SYNC_TASK_NOT_EXIST") && (error as AcsError).httpStatus === 400,
    );
    await cr.deleteRepoSyncRule({ InstanceId: advanced, SyncRuleId });
  });
});
