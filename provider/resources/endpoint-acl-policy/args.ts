import { z } from "zod";
import { commonInputs } from "../common";
import { instanceIdSchema } from "../names";
import { ipv4CidrSchema } from "./cidr";

export const endpointTypeSchema = z.literal("internet", { message: 'must be "internet" (the only endpoint with an ACL)' });
export const moduleNameSchema = z.literal("Registry", { message: 'must be "Registry" (the image registry module)' });

/** Inputs of EndpointAclPolicy, named after @pulumi/alicloud cr.EndpointAclPolicy. */
export const endpointAclPolicyInputs = z.object({
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  entry: ipv4CidrSchema.describe("The IPv4 CIDR block allowed to reach the endpoint, e.g. 203.0.113.0/24."),
  description: z.string({ message: "must be text" }).max(256, { message: "is too long: use at most 256 characters" }).optional().describe("The entry's comment."),
  endpointType: endpointTypeSchema.optional().describe('The endpoint: "internet" (default).'),
  moduleName: moduleNameSchema.optional().describe('The module: "Registry" (default).'),
  ...commonInputs,
});
export type EndpointAclPolicyInputs = z.infer<typeof endpointAclPolicyInputs>;

export const endpointAclPolicyOutputs = endpointAclPolicyInputs.extend({});
export type EndpointAclPolicyOutputs = z.infer<typeof endpointAclPolicyOutputs>;
