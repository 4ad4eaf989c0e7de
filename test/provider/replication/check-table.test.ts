/**
 * check() at preview for the replication resources: each invalid input gives one failure naming
 * the field and the fix, and no call reaches the (emulated) cloud.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../provider/inputs";
import { dispatch, PROVIDER_TEXT, startProviderHarness, type ProviderHarness } from "../harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.stop());

const valid: Record<string, Record<string, unknown>> = {
  ReplicationRule: {
    instanceId: "cri-source1",
    namespaceName: "team",
    syncRuleName: "to-shanghai",
    targetRegionId: "cn-shanghai",
    targetInstanceId: "cri-target1",
    targetNamespaceName: "team",
  },
  ImageReplication: {
    instanceId: "cri-source1",
    namespaceName: "team",
    repoName: "web",
    tag: "v1",
    targetRegionId: "cn-shanghai",
    targetInstanceId: "cri-target1",
    targetNamespaceName: "team",
  },
  ImageSync: { source: "harbor.example.com/library/nginx", target: "registry.example.com/team/nginx" },
  CrossAccountTrust: { sourceAccountId: "1000000000000001" },
};

type Case = [label: string, type: string, patch: Record<string, unknown>, property: string, reason: RegExp];

const roleIn = (uid: string) => ({ assumeRole: { roleArn: `acs:ram::${uid}:role/deployer` } });

const cases: Case[] = [
  ["rule name with a space", "ReplicationRule", { syncRuleName: "to shanghai" }, "syncRuleName", /only letters, digits/],
  ["rule name of 65 characters", "ReplicationRule", { syncRuleName: "r".repeat(65) }, "syncRuleName", /at most 64/],
  ["rule without a name", "ReplicationRule", { syncRuleName: undefined }, "syncRuleName", /is required/],
  ["source instance that is not an instance id", "ReplicationRule", { instanceId: "my-registry" }, "instanceId", /instance id such as cri-/],
  ["target namespace with upper case", "ReplicationRule", { targetNamespaceName: "Team" }, "targetNamespaceName", /lower-case/],
  ["target region that is not a region id", "ReplicationRule", { targetRegionId: "Shanghai" }, "targetRegionId", /region ID such as cn-shanghai/],
  ["unknown sync scope", "ReplicationRule", { syncScope: "INSTANCE" }, "syncScope", /NAMESPACE or REPO/],
  ["unknown sync trigger", "ReplicationRule", { syncTrigger: "AUTO" }, "syncTrigger", /PASSIVE .* or INITIATIVE/],
  ["tag filter that does not compile", "ReplicationRule", { tagFilter: "v(1" }, "tagFilter", /not a valid regular expression/],
  ["empty tag filter", "ReplicationRule", { tagFilter: "" }, "tagFilter", /use \.\* to match every tag/],
  ["repository-name filter that does not compile", "ReplicationRule", { repoNameFilter: "[a-" }, "repoNameFilter", /not a valid regular expression/],
  ["repoName without targetRepoName", "ReplicationRule", { repoName: "web" }, "targetRepoName", /must be given together with repoName/],
  ["targetRepoName without repoName", "ReplicationRule", { targetRepoName: "web" }, "repoName", /must be given together with targetRepoName/],
  ["REPO scope without repository names", "ReplicationRule", { syncScope: "REPO" }, "repoName", /required for syncScope REPO/],
  ["NAMESPACE scope with repository names", "ReplicationRule", { syncScope: "NAMESPACE", repoName: "web", targetRepoName: "web" }, "syncScope", /use syncScope REPO/],
  ["repository-name filter on a REPO rule", "ReplicationRule", { repoName: "web", targetRepoName: "web", repoNameFilter: "w.*" }, "repoNameFilter", /NAMESPACE only/],
  ["targetUserId that is not a UID", "ReplicationRule", { targetUserId: "account-b" }, "targetUserId", /numeric UID/],
  ["targetUserId equal to the source account of the assumed role", "ReplicationRule", { targetUserId: "1000000000000001", connection: roleIn("1000000000000001") }, "targetUserId", /is the source account 1000000000000001 itself/],
  ["Finance Cloud target from a public region", "ReplicationRule", { targetRegionId: "cn-shanghai-finance-1", connection: { region: "cn-hangzhou" } }, "targetRegionId", /public-cloud region cn-hangzhou into the Finance Cloud region/],
  ["Gov Cloud target from a public region", "ReplicationRule", { targetRegionId: "cn-north-2-gov-1", connection: { region: "cn-beijing" } }, "targetRegionId", /into the Gov Cloud region/],
  ["backfill that is not a boolean", "ReplicationRule", { backfill: "yes" }, "backfill", /true or false/],
  ["copy of a tag with a slash", "ImageReplication", { tag: "v1/x" }, "tag", /letters, digits/],
  ["copy into the source instance", "ImageReplication", { targetInstanceId: "cri-source1" }, "targetInstanceId", /is the source instance/],
  ["copy with a wait under 10 s", "ImageReplication", { waitTimeoutSeconds: 5 }, "waitTimeoutSeconds", /at least 10 seconds/],
  ["copy with override as text", "ImageReplication", { override: "true" }, "override", /true or false/],
  ["copy with triggers that are a plain string", "ImageReplication", { triggers: "again" }, "triggers", /list or a map/],
  ["copy to a Gov region from a public one", "ImageReplication", { targetRegionId: "cn-north-2-gov-1", connection: { region: "cn-hangzhou" } }, "targetRegionId", /Gov Cloud/],
  ["copy to the source account itself", "ImageReplication", { targetUserId: "1000000000000001", connection: roleIn("1000000000000001") }, "targetUserId", /is the source account/],
  ["sync without a source or a config", "ImageSync", { source: undefined }, "source", /required unless config is given/],
  ["sync with a source but no target", "ImageSync", { target: undefined }, "target", /required with source/],
  ["sync source without a repository", "ImageSync", { source: "harbor.example.com" }, "source", /<registry>\/<repository>/],
  ["sync tag regex that does not compile", "ImageSync", { tags: "/v(/" }, "tags", /not a valid regular expression/],
  ["sync with an empty tag list", "ImageSync", { tags: [] }, "tags", /at least one tag/],
  ["sync concurrency of 0", "ImageSync", { concurrency: 0 }, "concurrency", /at least 1/],
  ["sync retries of 11", "ImageSync", { retries: 11 }, "retries", /at most 10/],
  ["sync credentials without a user name", "ImageSync", { sourceCredentials: { password: "x-secret-value" } }, "sourceCredentials.username", /is required/],
  ["sync config that is not JSON", "ImageSync", { source: undefined, target: undefined, config: "{images:" }, "config", /not valid JSON/],
  ["sync config without images", "ImageSync", { source: undefined, target: undefined, config: { auth: {} } }, "config", /images/],
  ["sync config with an empty target and no defaults", "ImageSync", { source: undefined, target: undefined, config: { images: { "harbor.example.com/library/nginx": "" } } }, "config", /defaultTargetRegistry and defaultTargetNamespace/],
  ["sync config together with a source", "ImageSync", { config: { images: { "harbor.example.com/library/nginx": "r.example.com/a/b" } } }, "config", /cannot be combined with source/],
  ["trust without a source account", "CrossAccountTrust", { sourceAccountId: undefined }, "sourceAccountId", /required unless sourceConnection/],
  ["trust of an account that is not a UID", "CrossAccountTrust", { sourceAccountId: "account-a" }, "sourceAccountId", /numeric UID/],
];

describe("check() refuses invalid replication inputs with one failure per field and no API call", () => {
  it("has at least 15 cases", () => expect(cases.length).toBeGreaterThanOrEqual(15));

  it.each(Object.entries(valid))("accepts a valid %s", async (type, bag) => {
    expect((await dispatch.check(type, {}, { ...bag, __provider: PROVIDER_TEXT })).failures).toEqual([]);
  });

  it.each(cases)("refuses %s", async (_label, type, patch, property, reason) => {
    h.emulator.admin.resetCounters();
    const result = await dispatch.check(type, {}, { ...valid[type], ...patch, __provider: PROVIDER_TEXT });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.property).toBe(property);
    expect(result.failures[0]!.reason).toMatch(new RegExp(`^${property.replace(/\./g, "\\.")}: `));
    expect(result.failures[0]!.reason).toMatch(reason);
    expect(h.emulator.admin.counters()).toEqual({});
  });

  it("does not judge values still unknown at preview", async () => {
    const rule = { ...valid.ReplicationRule, targetUserId: UNKNOWN, tagFilter: UNKNOWN, targetInstanceId: UNKNOWN, __provider: PROVIDER_TEXT };
    expect((await dispatch.check("ReplicationRule", {}, rule)).failures).toEqual([]);
  });

  it("never echoes a source password in a failure", async () => {
    const result = await dispatch.check("ImageSync", {}, { ...valid.ImageSync, sourceCredentials: { username: "", password: "TopSecretValue123" }, __provider: PROVIDER_TEXT });
    expect(JSON.stringify(result.failures)).not.toContain("TopSecretValue123");
  });
});
