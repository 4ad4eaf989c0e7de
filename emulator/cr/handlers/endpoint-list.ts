/**
 * Every endpoint of an instance, internet and VPC (ListInstanceEndpoint), and the VPC endpoint on
 * its own (GetInstanceVpcEndpoint). Field names and types follow the official Go SDK cr-20181201
 * v2.5.0: ListInstanceEndpointResponseBodyEndpoints {AclEnable, AclEntries{Entry}, Domains{Domain,
 * Type}, Enable, EndpointType, LinkedVpcs{VpcId}, Status} and GetInstanceVpcEndpointResponseBody
 * {Domains []string, Enable, LinkedVpcs{DefaultAccess, Ip, Status, VpcId, VswitchId}, ModuleName}.
 * The VPC endpoint has no ACL of its own (access goes through the linked VPCs).
 */
import { internetEndpoint, vpcDomain, vpcEndpoint } from "../governance-state";
import { optionalBool, type CrHandler } from "../params";
import { internetEndpointView, moduleInstance } from "./endpoints";

export const ListInstanceEndpoint: CrHandler = (ctx) => {
  const instance = moduleInstance(ctx, "cr:ListInstanceEndpoint");
  // `Summary` has no documented meaning in v2.5.0; it is accepted and changes nothing.
  optionalBool(ctx, "Summary");
  const vpc = vpcEndpoint(instance);
  return {
    Endpoints: [
      {
        ...internetEndpointView(instance),
        EndpointType: "internet",
        AclEntries: internetEndpoint(instance).acl.map((a) => ({ Entry: a.entry })),
        LinkedVpcs: [],
      },
      {
        EndpointType: "vpc",
        Enable: vpc.enabled,
        Status: vpc.enabled ? "RUNNING" : "STOPPED",
        AclEnable: false,
        AclEntries: [],
        Domains: [{ Domain: vpcDomain(instance), Type: "SYSTEM" }],
        LinkedVpcs: vpc.linkedVpcs.map((v) => ({ VpcId: v.vpcId })),
      },
    ],
  };
};

export const GetInstanceVpcEndpoint: CrHandler = (ctx) => {
  const instance = moduleInstance(ctx, "cr:GetInstanceVpcEndpoint");
  const vpc = vpcEndpoint(instance);
  return {
    ModuleName: "Registry",
    Enable: vpc.enabled,
    Domains: [vpcDomain(instance)],
    LinkedVpcs: vpc.linkedVpcs.map((v) => ({ VpcId: v.vpcId, VswitchId: v.vswitchId, Ip: v.ip, Status: "RUNNING", DefaultAccess: true })),
  };
};
