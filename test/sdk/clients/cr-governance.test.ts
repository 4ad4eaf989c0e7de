import { afterEach, describe, expect, it } from "vitest";
import { startFakePop, type FakePop } from "./fake-pop";

let pop: FakePop | undefined;
afterEach(async () => {
  await pop?.close();
  pop = undefined;
});

const ok = { Code: "success", IsSuccess: true };

describe("CrClient instance, lifecycle and trigger calls", () => {
  it("decodes GetInstanceUsage's string quotas as numbers", async () => {
    pop = await startFakePop({ GetInstanceUsage: { ...ok, NamespaceQuota: "15", NamespaceUsage: "2", RepoQuota: "5000", RepoUsage: "7" } });
    await expect(pop.clients.cr.getInstanceUsage({ InstanceId: "cri-1" })).resolves.toMatchObject({ NamespaceQuota: 15, NamespaceUsage: 2, RepoQuota: 5000, RepoUsage: 7 });
  });

  it("sends endpoint status and ACL entries with the SDK's parameter names", async () => {
    pop = await startFakePop({ UpdateInstanceEndpointStatus: ok, CreateInstanceEndpointAclPolicy: ok, DeleteInstanceEndpointAclPolicy: ok });
    const { cr } = pop.clients;
    await cr.updateInstanceEndpointStatus({ InstanceId: "cri-1", EndpointType: "internet", ModuleName: "Registry", Enable: false });
    await cr.createInstanceEndpointAclPolicy({ InstanceId: "cri-1", EndpointType: "internet", Entry: "10.0.0.0/8", Comment: "office" });
    await cr.deleteInstanceEndpointAclPolicy({ InstanceId: "cri-1", EndpointType: "internet", Entry: "10.0.0.0/8" });
    expect(pop.calls.map((c) => [c.action, c.params])).toEqual([
      ["UpdateInstanceEndpointStatus", { InstanceId: "cri-1", EndpointType: "internet", ModuleName: "Registry", Enable: "false" }],
      ["CreateInstanceEndpointAclPolicy", { InstanceId: "cri-1", EndpointType: "internet", Entry: "10.0.0.0/8", Comment: "office" }],
      ["DeleteInstanceEndpointAclPolicy", { InstanceId: "cri-1", EndpointType: "internet", Entry: "10.0.0.0/8" }],
    ]);
  });

  it("decodes every endpoint of ListInstanceEndpoint and the VPC endpoint's plain-string domains, an absent list as empty", async () => {
    const internet = { EndpointType: "internet", Enable: true, AclEnable: true, AclEntries: [{ Entry: "10.0.0.0/8" }], Domains: [{ Domain: "r.example", Type: "SYSTEM" }] };
    const vpc = { EndpointType: "vpc", Enable: "true", Domains: [{ Domain: "r-vpc.example", Type: "SYSTEM" }], LinkedVpcs: [{ VpcId: "vpc-1" }] };
    pop = await startFakePop({
      ListInstanceEndpoint: { ...ok, Endpoints: [internet, vpc] },
      GetInstanceVpcEndpoint: { ...ok, Enable: true, Domains: ["r-vpc.example"], LinkedVpcs: [{ VpcId: "vpc-1", VswitchId: "vsw-1", Ip: "192.168.0.9", DefaultAccess: "false" }] },
    });
    const { cr } = pop.clients;
    const listed = await cr.listInstanceEndpoint({ InstanceId: "cri-1", ModuleName: "Registry" });
    expect(listed.Endpoints).toEqual([
      { ...internet, LinkedVpcs: [] },
      { ...vpc, Enable: true, AclEntries: [] },
    ]);
    await expect(cr.getInstanceVpcEndpoint({ InstanceId: "cri-1" })).resolves.toMatchObject({ Domains: ["r-vpc.example"], LinkedVpcs: [{ VpcId: "vpc-1", VswitchId: "vsw-1", Ip: "192.168.0.9", DefaultAccess: false }] });
    expect(pop.calls.map((c) => [c.action, c.params])).toEqual([
      ["ListInstanceEndpoint", { InstanceId: "cri-1", ModuleName: "Registry" }],
      ["GetInstanceVpcEndpoint", { InstanceId: "cri-1" }],
    ]);
  });

  it("creates a lifecycle rule, reads it with string counts normalised, and pages through the list", async () => {
    const rule = (n: number) => ({ RuleId: `rule-${n}`, Scope: "REPO", RetentionTagCount: "3", Auto: "true", NextTime: 1700000000000 });
    pop = await startFakePop({
      CreateArtifactLifecycleRule: { ...ok, RuleId: "rule-1" },
      GetArtifactLifecycleRule: { ...ok, ...rule(1), TagRegexp: "release-.*" },
      ListArtifactLifecycleRule: (call) => ({ ...ok, PageNo: Number(call.params.PageNo), PageSize: 2, TotalCount: 3, Rules: call.params.PageNo === "1" ? [rule(1), rule(2)] : [rule(3)] }),
    });
    const { cr } = pop.clients;
    await expect(cr.createArtifactLifecycleRule({ InstanceId: "cri-1", Scope: "REPO", NamespaceName: "ns", RepoName: "app", RetentionTagCount: 3, Auto: true, EnableDeleteTag: true })).resolves.toMatchObject({ RuleId: "rule-1" });
    expect(pop.calls[0]?.params).toEqual({ InstanceId: "cri-1", Scope: "REPO", NamespaceName: "ns", RepoName: "app", RetentionTagCount: "3", Auto: "true", EnableDeleteTag: "true" });
    await expect(cr.getArtifactLifecycleRule({ InstanceId: "cri-1", RuleId: "rule-1" })).resolves.toMatchObject({ RetentionTagCount: 3, Auto: true, TagRegexp: "release-.*" });
    const all = await cr.listAllArtifactLifecycleRules({ InstanceId: "cri-1" }, { pageSize: 2 });
    expect(all.map((r) => r.RuleId)).toEqual(["rule-1", "rule-2", "rule-3"]);
  });

  it("lists triggers with an absent list as empty and keeps the URL as given", async () => {
    pop = await startFakePop({
      ListRepoTrigger: (call) => (call.params.RepoId === "crr-none" ? ok : { ...ok, Triggers: [{ TriggerId: "t-1", TriggerName: "hook", TriggerUrl: "https://h.example/x?token=s", TriggerType: "TAG_LIST", TriggerTag: "[\"v1\"]" }] }),
    });
    const { cr } = pop.clients;
    await expect(cr.listRepoTrigger({ InstanceId: "cri-1", RepoId: "crr-none" })).resolves.toMatchObject({ Triggers: [] });
    const { Triggers } = await cr.listRepoTrigger({ InstanceId: "cri-1", RepoId: "crr-1" });
    expect(Triggers).toEqual([{ TriggerId: "t-1", TriggerName: "hook", TriggerUrl: "https://h.example/x?token=s", TriggerType: "TAG_LIST", TriggerTag: "[\"v1\"]" }]);
  });
});
