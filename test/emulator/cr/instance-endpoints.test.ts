/**
 * ListInstanceEndpoint and GetInstanceVpcEndpoint through the unmodified official V3 client: every
 * seeded instance has an internet and a VPC endpoint, and the VPC one lists the VPCs the seed links.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { seedWithLinkedVpc } from "../../support/linked-vpc-seed";
import { v3Driver, type Keys, type Outcome } from "./official-drivers";

const LINKED = { vpcId: "vpc-emulinked0001", vswitchId: "vsw-emulinked0001", ip: "192.168.7.10" };
let emulator: RunningEmulator;
let keys: Keys;
let linkedInstance: string;
let plainInstance: string;
const call = (action: string, params: Record<string, string | number | boolean>) => v3Driver(emulator.port).call(action, params, keys);
const ok = (outcome: Outcome) => {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${JSON.stringify(outcome.body)}`);
  return outcome.body;
};

beforeAll(async () => {
  const seed = seedWithLinkedVpc(LINKED);
  const account = seed.accounts[0]!;
  emulator = await startEmulator({ seed });
  keys = { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret };
  linkedInstance = account.instances[0]!.instanceId;
  plainInstance = account.instances[1]!.instanceId;
});

afterAll(async () => {
  await emulator?.stop();
});

describe("an instance's endpoints", () => {
  it("lists the internet and the VPC endpoint, each with its domain, switch, ACL and linked VPCs", async () => {
    ok(await call("CreateInstanceEndpointAclPolicy", { InstanceId: linkedInstance, EndpointType: "internet", Entry: "127.0.0.1/32", Comment: "loopback" }));
    const body = ok(await call("ListInstanceEndpoint", { InstanceId: linkedInstance, ModuleName: "Registry" }));
    expect(body.Endpoints).toEqual([
      {
        EndpointType: "internet",
        Enable: true,
        Status: "RUNNING",
        AclEnable: true,
        AclEntries: [{ Entry: "127.0.0.1/32" }],
        Domains: [{ Domain: emulator.dataPlane.hostFor(linkedInstance), Type: "SYSTEM" }],
        LinkedVpcs: [],
      },
      {
        EndpointType: "vpc",
        Enable: true,
        Status: "RUNNING",
        AclEnable: false,
        AclEntries: [],
        Domains: [{ Domain: "a-advanced-registry-vpc.cn-hangzhou.cr.aliyuncs.com", Type: "SYSTEM" }],
        LinkedVpcs: [{ VpcId: LINKED.vpcId }],
      },
    ]);
  });

  it("reads the VPC endpoint with each linked VPC's vSwitch and address, and none unless the seed links one", async () => {
    const linked = ok(await call("GetInstanceVpcEndpoint", { InstanceId: linkedInstance, ModuleName: "Registry" }));
    expect(linked).toMatchObject({
      Enable: true,
      Domains: ["a-advanced-registry-vpc.cn-hangzhou.cr.aliyuncs.com"],
      LinkedVpcs: [{ VpcId: LINKED.vpcId, VswitchId: LINKED.vswitchId, Ip: LINKED.ip, Status: "RUNNING" }],
    });
    const plain = ok(await call("GetInstanceVpcEndpoint", { InstanceId: plainInstance }));
    expect(plain).toMatchObject({ Enable: true, Domains: ["a-basic-registry-vpc.cn-hangzhou.cr.aliyuncs.com"], LinkedVpcs: [] });
  });

  it("answers an unknown instance with INSTANCE_NOT_EXIST", async () => {
    for (const action of ["ListInstanceEndpoint", "GetInstanceVpcEndpoint"]) {
      const outcome = await call(action, { InstanceId: "cri-nosuchinstance01" });
      expect(outcome.ok ? "success" : outcome.code, action).toBe("INSTANCE_NOT_EXIST");
    }
  });
});
