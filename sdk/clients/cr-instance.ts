/**
 * CR 2018-12-01 instance look-up and endpoint access control: GetInstanceUsage,
 * UpdateInstanceEndpointStatus and the endpoint ACL entries. Request and response names and types
 * follow the official Go SDK cr-20181201 v2.5.0 structs (GetInstanceUsageRequest/ResponseBody,
 * UpdateInstanceEndpointStatusRequest, Create/DeleteInstanceEndpointAclPolicyRequest).
 * GetInstance, ListInstance and GetInstanceEndpoint stay in cr.ts, where they were first.
 *
 * Retry safety: every call here converges (turning an endpoint on twice, adding an entry that the
 * first attempt added — the caller treats `*_ALREADY_EXIST` as done — deleting an entry twice).
 */
import { z } from "zod";
import type { CallOptions, RpcCaller } from "../rpc/client";
import { bool, envelope, list, num, text, EmptyResponse } from "./wire";

const READ: CallOptions = { idempotent: true };
/** CR's answers add `Code` and `IsSuccess` to the common envelope. */
const crEnvelope = { ...envelope, Code: text.optional(), IsSuccess: bool.optional() };
const CONVERGENT: CallOptions = { idempotent: true };

/** `EndpointType`: the SDK comments say "Set the value to Internet"; the service answers to `internet`. */
type EndpointLocator = { InstanceId: string; EndpointType: string; /** `Registry` | `Chart`. */ ModuleName?: string };

export type GetInstanceUsageInput = { InstanceId: string };
/** `Summary` is in the request struct without a documented meaning. */
export type ListInstanceEndpointInput = { InstanceId: string; ModuleName?: string; Summary?: boolean };
export type GetInstanceVpcEndpointInput = { InstanceId: string; ModuleName?: string };
export type UpdateInstanceEndpointStatusInput = EndpointLocator & { Enable: boolean };
/** `Entry` is one CIDR block; `Comment` is free text. */
export type CreateInstanceEndpointAclPolicyInput = EndpointLocator & { Entry: string; Comment?: string };
export type DeleteInstanceEndpointAclPolicyInput = EndpointLocator & { Entry: string };

/** Every quota and usage is a string in the SDK (`*string`); emitted as numbers. */
export const GetInstanceUsageResponse = z.object({
  ...crEnvelope,
  NamespaceQuota: num.optional(),
  NamespaceUsage: num.optional(),
  RepoQuota: num.optional(),
  RepoUsage: num.optional(),
  ChartNamespaceQuota: num.optional(),
  ChartNamespaceUsage: num.optional(),
  ChartRepoQuota: num.optional(),
  ChartRepoUsage: num.optional(),
});
export type GetInstanceUsageResponse = z.output<typeof GetInstanceUsageResponse>;

/** One endpoint of ListInstanceEndpoint: `internet` or `vpc`. ACL entries carry no comment here. */
export const InstanceEndpointSummary = z.object({
  EndpointType: text,
  Enable: bool.optional(),
  Status: text.optional(),
  AclEnable: bool.optional(),
  AclEntries: list(z.object({ Entry: text.optional() })),
  Domains: list(z.object({ Domain: text, Type: text.optional() })),
  LinkedVpcs: list(z.object({ VpcId: text.optional() })),
});
export type InstanceEndpointSummary = z.output<typeof InstanceEndpointSummary>;

export const ListInstanceEndpointResponse = z.object({ ...crEnvelope, Endpoints: list(InstanceEndpointSummary) });
export type ListInstanceEndpointResponse = z.output<typeof ListInstanceEndpointResponse>;

/** Here `Domains` is a list of plain strings, unlike ListInstanceEndpoint's `{Domain, Type}`. */
export const GetInstanceVpcEndpointResponse = z.object({
  ...crEnvelope,
  ModuleName: text.optional(),
  Enable: bool.optional(),
  Domains: list(text),
  LinkedVpcs: list(z.object({ VpcId: text.optional(), VswitchId: text.optional(), Ip: text.optional(), Status: text.optional(), DefaultAccess: bool.optional() })),
});
export type GetInstanceVpcEndpointResponse = z.output<typeof GetInstanceVpcEndpointResponse>;

/** Instance quota and endpoint calls; CrClient inherits them so callers see one flat client. */
export class CrInstanceMethods {
  constructor(protected readonly rpc: RpcCaller) {}

  getInstanceUsage(input: GetInstanceUsageInput) {
    return this.rpc.call("GetInstanceUsage", input, GetInstanceUsageResponse, READ);
  }
  /** Every endpoint (internet, VPC) with its domains, switch and ACL entries, in one call. */
  listInstanceEndpoint(input: ListInstanceEndpointInput) {
    return this.rpc.call("ListInstanceEndpoint", input, ListInstanceEndpointResponse, READ);
  }
  getInstanceVpcEndpoint(input: GetInstanceVpcEndpointInput) {
    return this.rpc.call("GetInstanceVpcEndpoint", input, GetInstanceVpcEndpointResponse, READ);
  }
  /** Turns the endpoint on or off; the same value twice is the same state. */
  updateInstanceEndpointStatus(input: UpdateInstanceEndpointStatusInput) {
    return this.rpc.call("UpdateInstanceEndpointStatus", input, EmptyResponse, CONVERGENT);
  }
  createInstanceEndpointAclPolicy(input: CreateInstanceEndpointAclPolicyInput) {
    return this.rpc.call("CreateInstanceEndpointAclPolicy", input, EmptyResponse, CONVERGENT);
  }
  deleteInstanceEndpointAclPolicy(input: DeleteInstanceEndpointAclPolicyInput) {
    return this.rpc.call("DeleteInstanceEndpointAclPolicy", input, EmptyResponse, CONVERGENT);
  }
}
