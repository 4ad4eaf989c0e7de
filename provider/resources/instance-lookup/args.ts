import { z } from "zod";
import { connectionSchema } from "../../connection";
import { instanceIdSchema } from "../names";
import { regexSource } from "../regex-source";

/** Arguments of getInstance(), named after @pulumi/alicloud cr.getRegistryEnterpriseInstances. */
export const getInstanceArgs = z.object({
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  connection: connectionSchema.optional(),
});
export type GetInstanceArgs = z.infer<typeof getInstanceArgs>;

/** Arguments of getInstances(). */
export const getInstancesArgs = z.object({
  nameRegex: regexSource.optional().describe("Keep only instances whose name matches this regular expression."),
  status: z
    .enum(["PENDING", "INIT_ERROR", "STARTING", "RUNNING", "STOPPING", "STOPPED", "DELETING", "DELETED"], { message: "must be one of PENDING, INIT_ERROR, STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED" })
    .optional()
    .describe("Keep only instances in this status (ListInstance's InstanceStatus)."),
  connection: connectionSchema.optional(),
});
export type GetInstancesArgs = z.infer<typeof getInstancesArgs>;

const aclEntry = z.object({ entry: z.string(), comment: z.string().optional() });
const domain = z.object({ domain: z.string(), type: z.string().optional() });

const linkedVpc = z.object({ vpcId: z.string() });

/** One endpoint as ListInstanceEndpoint reports it. */
export const instanceEndpoint = z.object({
  type: z.string().describe("internet or vpc."),
  enabled: z.boolean().optional(),
  status: z.string().optional(),
  aclEnabled: z.boolean().optional().describe("Whether the ACL filters clients; once on, an enabled endpoint with no entry admits nobody."),
  domains: z.array(domain),
  aclEntries: z.array(aclEntry).describe("The ACL's CIDR blocks (ListInstanceEndpoint reports no comments)."),
  linkedVpcs: z.array(linkedVpc).describe("The VPCs attached to a vpc endpoint; empty for internet."),
});
export type InstanceEndpoint = z.infer<typeof instanceEndpoint>;

export const instanceDetails = z.object({
  id: z.string().describe("The instance id (cri-...)."),
  name: z.string().optional(),
  /** @pulumi/alicloud calls the edition `specification`. */
  specification: z.string().optional().describe("The edition: Enterprise_Basic, Enterprise_Standard or Enterprise_Advanced."),
  status: z.string().optional().describe("RUNNING, STOPPED, ..."),
  region: z.string().describe("The region the instance was looked up in."),
  registryHost: z.string().optional().describe("The internet endpoint's system domain, for docker login and image names."),
  publicEndpoints: z.array(z.string()).describe("Every internet endpoint domain."),
  internetEndpoint: instanceEndpoint.describe("The internet endpoint, also found in endpoints."),
  endpoints: z.array(instanceEndpoint).describe("Every endpoint of the instance: internet and vpc."),
  namespaceQuota: z.number().optional(),
  namespaceUsage: z.number().optional(),
  repoQuota: z.number().optional(),
  repoUsage: z.number().optional(),
});
export type InstanceDetails = z.infer<typeof instanceDetails>;

export const getInstancesResult = z.object({
  ids: z.array(z.string()),
  names: z.array(z.string()),
  instances: z.array(instanceDetails),
});
export type GetInstancesResult = z.infer<typeof getInstancesResult>;
