/**
 * The governance actions through the unmodified official V3 client: the internet endpoint's switch
 * and ACL (and what they do to the instance's registry), tag-retention rules and webhook triggers.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { v3Driver, type Keys, type Outcome } from "./official-drivers";

let emulator: RunningEmulator;
let keys: Keys;
let instanceId: string;
let login: string;
const call = (action: string, params: Record<string, string | number | boolean>) => v3Driver(emulator.port).call(action, { InstanceId: instanceId, ...params }, keys);
const ok = (outcome: Outcome) => {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${JSON.stringify(outcome.body)}`);
  return outcome.body;
};
const refusal = (outcome: Outcome) => (outcome.ok ? "success" : `${outcome.code}: ${String(outcome.body.Message)}`);

/** `GET /v2/` on the instance's registry from loopback, logged in with a temporary token. */
async function registryStatus(): Promise<{ status: number; body: string }> {
  const response = await request(`http://${emulator.dataPlane.hostFor(instanceId)!}/v2/`, { headers: { authorization: `Basic ${login}` } });
  return { status: response.statusCode, body: await response.body.text() };
}

beforeAll(async () => {
  emulator = await startEmulator({});
  const account = emulator.seed.accounts[0]!;
  keys = { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret };
  instanceId = account.instances[0]!.instanceId;
  const token = ok(await call("GetAuthorizationToken", {}));
  login = Buffer.from(`${String(token.TempUsername)}:${String(token.AuthorizationToken)}`).toString("base64");
  ok(await call("CreateNamespace", { NamespaceName: "gov", AutoCreateRepo: true }));
  ok(await call("CreateRepository", { RepoNamespaceName: "gov", RepoName: "app", RepoType: "PRIVATE", Summary: "s" }));
});

afterAll(async () => {
  await emulator?.stop();
});

const endpoint = { EndpointType: "internet", ModuleName: "Registry" };

describe("the internet endpoint and its ACL", () => {
  it("lets every client in while the endpoint has no ACL entry", async () => {
    expect(ok(await call("GetInstanceEndpoint", endpoint))).toMatchObject({ Enable: true, AclEnable: false, AclEntries: [] });
    expect((await registryStatus()).status).toBe(200);
  });

  it("refuses a client whose address matches no entry with DENIED, and lets it in once an entry covers it", async () => {
    ok(await call("CreateInstanceEndpointAclPolicy", { ...endpoint, Entry: "10.0.0.0/8", Comment: "office" }));
    expect(ok(await call("GetInstanceEndpoint", endpoint))).toMatchObject({ AclEnable: true, AclEntries: [{ Entry: "10.0.0.0/8", Comment: "office" }] });
    const denied = await registryStatus();
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body).errors[0]).toMatchObject({ code: "DENIED" });
    expect(JSON.parse(denied.body).errors[0].message).toMatch(/127\.0\.0\.1 is denied by the internet endpoint's ACL/);
    // The control plane is not behind the endpoint.
    expect(Number(ok(await call("ListNamespace", {})).TotalCount)).toBeGreaterThanOrEqual(1);

    ok(await call("CreateInstanceEndpointAclPolicy", { ...endpoint, Entry: "127.0.0.1/32", Comment: "loopback" }));
    expect((await registryStatus()).status).toBe(200);
    ok(await call("DeleteInstanceEndpointAclPolicy", { ...endpoint, Entry: "127.0.0.1/32" }));
    expect((await registryStatus()).status).toBe(403);
    ok(await call("DeleteInstanceEndpointAclPolicy", { ...endpoint, Entry: "10.0.0.0/8" }));
  });

  it("once access control is on, an endpoint whose last entry is deleted admits nobody until an entry covers the client", async () => {
    ok(await call("CreateInstanceEndpointAclPolicy", { ...endpoint, Entry: "10.0.0.0/8", Comment: "office" }));
    ok(await call("DeleteInstanceEndpointAclPolicy", { ...endpoint, Entry: "10.0.0.0/8" }));
    expect(ok(await call("GetInstanceEndpoint", endpoint))).toMatchObject({ Enable: true, AclEnable: true, AclEntries: [] });
    const refused = await registryStatus();
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).errors[0]).toMatchObject({ code: "DENIED" });
    expect(JSON.parse(refused.body).errors[0].message).toMatch(/127\.0\.0\.1 is denied: the internet endpoint's ACL .* has no entry/);
    // Kept for the rest of the file, whose pushes come from loopback.
    ok(await call("CreateInstanceEndpointAclPolicy", { ...endpoint, Entry: "127.0.0.1/32", Comment: "loopback" }));
    expect((await registryStatus()).status).toBe(200);
    const listed = ok(await call("ListInstanceEndpoint", { InstanceId: instanceId })).Endpoints as Array<{ EndpointType: string; AclEnable: boolean }>;
    expect(listed.find((e) => e.EndpointType === "internet")?.AclEnable).toBe(true);
  });

  it("refuses every client while the endpoint is disabled, and the switch is read back", async () => {
    ok(await call("UpdateInstanceEndpointStatus", { ...endpoint, Enable: false }));
    expect(ok(await call("GetInstanceEndpoint", endpoint))).toMatchObject({ Enable: false });
    const refused = await registryStatus();
    expect(refused.status).toBe(403);
    expect(refused.body).toMatch(/internet endpoint of instance .* is disabled/);
    ok(await call("UpdateInstanceEndpointStatus", { ...endpoint, Enable: true }));
    expect((await registryStatus()).status).toBe(200);
  });

  it.each([
    ["an address that is not IPv4", { Entry: "2001:db8::/32" }, /PARAM_INVALID: Entry is invalid/],
    ["an octet above 255", { Entry: "10.0.0.256/8" }, /PARAM_INVALID: Entry is invalid/],
    ["a prefix above 32", { Entry: "10.0.0.0/33" }, /PARAM_INVALID: Entry is invalid/],
    ["no entry at all", {}, /PARAM_INVALID: Entry is invalid: give Entry/],
  ])("refuses %s, naming the field", async (_why, params, expected) => {
    expect(refusal(await call("CreateInstanceEndpointAclPolicy", { ...endpoint, ...params }))).toMatch(expected);
  });

  it("takes several entries at once as the Entries JSON array", async () => {
    ok(await call("CreateInstanceEndpointAclPolicy", { ...endpoint, Entries: JSON.stringify([{ Entry: "192.0.2.0/24", Comment: "a" }, { Entry: "198.51.100.0/24", Comment: "b" }]) }));
    expect((ok(await call("GetInstanceEndpoint", endpoint)).AclEntries as unknown[]).length).toBe(3);
    ok(await call("DeleteInstanceEndpointAclPolicy", { ...endpoint, Entries: JSON.stringify([{ Entry: "192.0.2.0/24" }, { Entry: "198.51.100.0/24" }]) }));
    expect(ok(await call("GetInstanceEndpoint", endpoint)).AclEntries).toEqual([{ Entry: "127.0.0.1/32", Comment: "loopback" }]);
  });
});

describe("tag-retention (artifact lifecycle) rules", () => {
  it("creates, reads, updates in place, lists and deletes a rule", async () => {
    const ruleId = String(ok(await call("CreateArtifactLifecycleRule", { Scope: "REPO", NamespaceName: "gov", RepoName: "app", RetentionTagCount: 3, TagRegexp: "release-.*", Auto: true, ScheduleTime: "WEEK", EnableDeleteTag: true })).RuleId);
    expect(ruleId).toMatch(/^cralr-[a-z0-9]{16}$/);
    const read = ok(await call("GetArtifactLifecycleRule", { RuleId: ruleId }));
    expect(read).toMatchObject({ RuleId: ruleId, Scope: "REPO", NamespaceName: "gov", RepoName: "app", RetentionTagCount: 3, TagRegexp: "release-.*", Auto: true, ScheduleTime: "WEEK", EnableDeleteTag: true });
    expect(Number(read.NextTime)).toBeGreaterThan(Number(read.CreateTime));
    ok(await call("UpdateArtifactLifecycleRule", { RuleId: ruleId, RetentionTagCount: 5, Auto: false }));
    expect(ok(await call("GetArtifactLifecycleRule", { RuleId: ruleId }))).toMatchObject({ RuleId: ruleId, RetentionTagCount: 5, Auto: false, ScheduleTime: "", NextTime: 0, TagRegexp: "release-.*" });
    expect(ok(await call("ListArtifactLifecycleRule", {}))).toMatchObject({ TotalCount: 1, Rules: [{ RuleId: ruleId }] });
    ok(await call("DeleteArtifactLifecycleRule", { RuleId: ruleId }));
    expect(refusal(await call("GetArtifactLifecycleRule", { RuleId: ruleId }))).toMatch(/^ARTIFACT_LIFECYCLE_RULE_NOT_EXIST/);
    expect(ok(await call("ListArtifactLifecycleRule", {})).TotalCount).toBe(0);
  });

  it.each([
    ["an unknown scope", { Scope: "GALAXY", RetentionTagCount: 3 }, /PARAM_INVALID: Scope is invalid/],
    ["REPO scope without a repository", { Scope: "REPO", NamespaceName: "gov", RetentionTagCount: 3 }, /PARAM_INVALID: RepoName is invalid/],
    ["a repository that does not exist", { Scope: "REPO", NamespaceName: "gov", RepoName: "ghost", RetentionTagCount: 3 }, /^REPO_NOT_EXIST/],
    ["a count of zero", { Scope: "INSTANCE", RetentionTagCount: 0 }, /PARAM_INVALID: RetentionTagCount is invalid/],
    ["a broken regular expression", { Scope: "INSTANCE", RetentionTagCount: 3, TagRegexp: "release-(" }, /PARAM_INVALID: TagRegexp is invalid/],
    ["a schedule without its period", { Scope: "INSTANCE", RetentionTagCount: 3, Auto: true }, /PARAM_INVALID: ScheduleTime is invalid/],
  ])("refuses %s, naming the field", async (_why, params, expected) => {
    expect(refusal(await call("CreateArtifactLifecycleRule", params))).toMatch(expected);
  });
});

describe("webhook triggers", () => {
  let repoId: string;
  beforeAll(async () => {
    repoId = String(ok(await call("GetRepository", { RepoNamespaceName: "gov", RepoName: "app" })).RepoId);
  });

  it("creates, updates, lists and deletes a trigger", async () => {
    const triggerId = String(ok(await call("CreateRepoTrigger", { RepoId: repoId, TriggerName: "notify", TriggerType: "TAG_REG_EXP", TriggerTag: "release-.*", TriggerUrl: "http://127.0.0.1:8080/hook?token=s3cret" })).TriggerId);
    expect(triggerId).toMatch(/^crw-/);
    ok(await call("UpdateRepoTrigger", { RepoId: repoId, TriggerId: triggerId, TriggerType: "TAG_LIST", TriggerTag: "[v1, v2]" }));
    expect(ok(await call("ListRepoTrigger", { RepoId: repoId })).Triggers).toEqual([
      { TriggerId: triggerId, TriggerName: "notify", TriggerType: "TAG_LIST", TriggerTag: "[v1, v2]", TriggerUrl: "http://127.0.0.1:8080/hook?token=s3cret" },
    ]);
    expect(refusal(await call("CreateRepoTrigger", { RepoId: repoId, TriggerName: "notify", TriggerType: "ALL", TriggerUrl: "http://127.0.0.1:8080/x" }))).toMatch(/^TRIGGER_ALREADY_EXIST/);
    ok(await call("DeleteRepoTrigger", { RepoId: repoId, TriggerId: triggerId }));
    expect(refusal(await call("DeleteRepoTrigger", { RepoId: repoId, TriggerId: triggerId }))).toMatch(/^TRIGGER_NOT_EXIST/);
  });

  it.each([
    ["HTTPS on a port other than 443", "https://hooks.example:8443/x", /HTTPS triggers must use port 443/],
    ["HTTP on a port the seed does not list", "http://hooks.example:22/x", /HTTP port 22 is not allowed/],
    ["a scheme other than http(s)", "ftp://hooks.example/x", /must be an http or https URL/],
    ["something that is not a URL", "hooks.example/x", /is not a URL/],
  ])("refuses %s (seed 003's port rule)", async (_why, url, expected) => {
    expect(refusal(await call("CreateRepoTrigger", { RepoId: repoId, TriggerName: "bad", TriggerType: "ALL", TriggerUrl: url }))).toMatch(expected);
  });

  it.each(["http://hooks.example/x", "http://hooks.example:777/x", "http://hooks.example:1025/x", "https://hooks.example/x"])("accepts %s", async (url) => {
    const triggerId = String(ok(await call("CreateRepoTrigger", { RepoId: repoId, TriggerName: `ok-${url.length}-${url.includes("s:") ? "s" : "p"}-${url.replace(/\W/g, "")}`, TriggerType: "ALL", TriggerUrl: url })).TriggerId);
    ok(await call("DeleteRepoTrigger", { RepoId: repoId, TriggerId: triggerId }));
  });
});
