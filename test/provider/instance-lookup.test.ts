import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientsFor, type AcrClients } from "../../provider/clients";
import { getInstanceArgs, getInstancesArgs } from "../../provider/resources/instance-lookup/args";
import { fetchInstance, fetchInstances, parseFunctionArgs } from "../../provider/resources/instance-lookup/fetch";
import { seedWithLinkedVpc } from "../support/linked-vpc-seed";
import { startProviderHarness, type ProviderHarness } from "./harness";

const LINKED = { vpcId: "vpc-lookuplinked01", vswitchId: "vsw-lookuplinked01", ip: "192.168.3.4" };

let h: ProviderHarness;
let clients: AcrClients;
beforeAll(async () => {
  h = await startProviderHarness({ seed: seedWithLinkedVpc(LINKED) });
  const endpoints = { cr: h.emulator.endpoint, ram: h.emulator.endpoint, sts: h.emulator.endpoint };
  clients = clientsFor({ region: "cn-hangzhou", accessKey: h.keysA.accessKeyId, secretKey: h.keysA.accessKeySecret, endpoints });
});
afterAll(() => h.stop());

describe("getInstance and getInstances", () => {
  it("returns edition, status, region, name, the internet and VPC endpoints and quota usage of one instance, in two calls", async () => {
    await h.crAsA("CreateNamespace", { InstanceId: h.instanceA, NamespaceName: "lookup-ns", AutoCreateRepo: false });
    h.emulator.admin.resetCounters();
    const got = await fetchInstance(clients, "cn-hangzhou", parseFunctionArgs("getInstance", getInstanceArgs, { instanceId: h.instanceA }));
    expect(h.emulator.admin.counters()).toEqual({ GetInstance: 1, ListInstanceEndpoint: 1, GetInstanceUsage: 1 });
    const endpoint = await h.crAsA("GetInstanceEndpoint", { InstanceId: h.instanceA, EndpointType: "internet" });
    const systemDomain = (endpoint.Domains as Array<{ Domain: string; Type: string }>).find((d) => d.Type === "SYSTEM")!.Domain;
    expect(got).toMatchObject({
      id: h.instanceA,
      name: "a-advanced",
      specification: "Enterprise_Advanced",
      status: "RUNNING",
      region: "cn-hangzhou",
      registryHost: systemDomain,
      publicEndpoints: [systemDomain],
      internetEndpoint: { type: "internet", enabled: endpoint.Enable, domains: [{ domain: systemDomain, type: "SYSTEM" }] },
    });
    expect(got.endpoints).toEqual([
      got.internetEndpoint,
      { type: "vpc", enabled: true, status: "RUNNING", aclEnabled: false, domains: [{ domain: "a-advanced-registry-vpc.cn-hangzhou.cr.aliyuncs.com", type: "SYSTEM" }], aclEntries: [], linkedVpcs: [{ vpcId: LINKED.vpcId }] },
    ]);
    const usage = await h.crAsA("GetInstanceUsage", { InstanceId: h.instanceA });
    expect(got.namespaceUsage).toBe(Number(usage.NamespaceUsage));
    expect(got.namespaceUsage).toBeGreaterThanOrEqual(1);
    expect(got.namespaceQuota).toBe(Number(usage.NamespaceQuota));
    expect(got.repoQuota).toBeGreaterThan(0);
  });

  it("lists the caller's instances in the region, filtered by name regex and status", async () => {
    const all = await fetchInstances(clients, "cn-hangzhou", parseFunctionArgs("getInstances", getInstancesArgs, {}));
    expect(all.names.sort()).toEqual(["a-advanced", "a-basic"]);
    const basic = await fetchInstances(clients, "cn-hangzhou", parseFunctionArgs("getInstances", getInstancesArgs, { nameRegex: "^a-ba" }));
    expect(basic.ids).toEqual(["cri-emuabasic0000001"]);
    expect(basic.instances[0]).toMatchObject({ specification: "Enterprise_Basic", region: "cn-hangzhou" });
    const stopped = await fetchInstances(clients, "cn-hangzhou", parseFunctionArgs("getInstances", getInstancesArgs, { status: "STOPPED" }));
    expect(stopped).toEqual({ ids: [], names: [], instances: [] });
  });

  it("refuses a bad instance id, regex or status before any call, naming the field", () => {
    expect(() => parseFunctionArgs("getInstance", getInstanceArgs, { instanceId: "my-registry" })).toThrow(/instanceId/);
    expect(() => parseFunctionArgs("getInstances", getInstancesArgs, { nameRegex: "team-(" })).toThrow(/nameRegex.*not a valid regular expression/);
    expect(() => parseFunctionArgs("getInstances", getInstancesArgs, { status: "running" })).toThrow(/status.*RUNNING/);
  });
});
