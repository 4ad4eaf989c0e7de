import { z } from "zod";
import { commonInputs } from "../common";
import { moduleNameSchema } from "../endpoint-acl-policy/args";
import { instanceIdSchema } from "../names";

/** Inputs of InternetEndpoint; `enable` and `moduleName` as in @pulumi/alicloud cr.getEndpointAclService. */
export const internetEndpointInputs = z.object({
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  enable: z.boolean({ message: "is required: true to open the internet endpoint, false to close it" }).describe("Whether the internet endpoint is open."),
  moduleName: moduleNameSchema.optional().describe('The module: "Registry" (default).'),
  ...commonInputs,
});
export type InternetEndpointInputs = z.infer<typeof internetEndpointInputs>;

export const internetEndpointOutputs = internetEndpointInputs.extend({
  enabledAtCreate: z.boolean().describe("The state found at create; delete restores it."),
  aclEnabled: z.boolean().optional().describe("Whether the endpoint's ACL is in force."),
  domains: z.array(z.string()).describe("The endpoint's domains."),
});
export type InternetEndpointOutputs = z.infer<typeof internetEndpointOutputs>;
