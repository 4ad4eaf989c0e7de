/** The plain part of getInstance()/getInstances(): GetInstance, ListInstance, ListInstanceEndpoint and GetInstanceUsage. */
import type { InstanceEndpointSummary, InstanceSummary } from "../../../sdk/clients";
import type { AcrClients } from "../../clients";
import { ProviderError } from "../../errors";
import { issuesToFailures } from "../../failures";
import type { z } from "zod";
import type { GetInstanceArgs, GetInstancesArgs, GetInstancesResult, InstanceDetails, InstanceEndpoint } from "./args";

/** Validate function arguments without any call; the error names every bad field. */
export function parseFunctionArgs<T>(fn: string, schema: z.ZodType<T>, args: unknown): T {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const failures = issuesToFailures(parsed.error.issues);
  throw new ProviderError(`${fn}: ${failures.map((f) => f.reason).join("; ")}`, { field: failures[0]?.property, code: "InvalidArgument" });
}

type InstanceBasics = Pick<InstanceSummary, "InstanceId" | "InstanceName" | "InstanceSpecification" | "InstanceStatus">;

/** ListInstanceEndpoint's entries carry no comment (the SDK struct has only `Entry`). */
function endpointOf(endpoint: InstanceEndpointSummary): InstanceEndpoint {
  return {
    type: endpoint.EndpointType,
    enabled: endpoint.Enable,
    status: endpoint.Status,
    aclEnabled: endpoint.AclEnable,
    domains: endpoint.Domains.map((d) => ({ domain: d.Domain, type: d.Type })),
    aclEntries: endpoint.AclEntries.filter((e) => e.Entry !== undefined).map((e) => ({ entry: e.Entry! })),
    linkedVpcs: endpoint.LinkedVpcs.filter((v) => v.VpcId !== undefined).map((v) => ({ vpcId: v.VpcId! })),
  };
}

/** Two calls per instance whatever its endpoints: ListInstanceEndpoint answers for internet and VPC at once. */
async function details(clients: AcrClients, region: string, instance: InstanceBasics): Promise<InstanceDetails> {
  const InstanceId = instance.InstanceId;
  const [listed, usage] = await Promise.all([clients.cr.listInstanceEndpoint({ InstanceId, ModuleName: "Registry" }), clients.cr.getInstanceUsage({ InstanceId })]);
  const endpoints = listed.Endpoints.map(endpointOf);
  const internet = endpoints.find((e) => e.type === "internet") ?? { type: "internet", domains: [], aclEntries: [], linkedVpcs: [] };
  return {
    id: InstanceId,
    name: instance.InstanceName,
    specification: instance.InstanceSpecification,
    status: instance.InstanceStatus,
    region,
    registryHost: (internet.domains.find((d) => d.type === "SYSTEM") ?? internet.domains[0])?.domain,
    publicEndpoints: internet.domains.map((d) => d.domain),
    internetEndpoint: internet,
    endpoints,
    namespaceQuota: usage.NamespaceQuota,
    namespaceUsage: usage.NamespaceUsage,
    repoQuota: usage.RepoQuota,
    repoUsage: usage.RepoUsage,
  };
}

export async function fetchInstance(clients: AcrClients, region: string, args: GetInstanceArgs): Promise<InstanceDetails> {
  const instance = await clients.cr.getInstance({ InstanceId: args.instanceId });
  return details(clients, region, instance);
}

export async function fetchInstances(clients: AcrClients, region: string, args: GetInstancesArgs): Promise<GetInstancesResult> {
  const listed = await clients.cr.listAllInstances({ InstanceStatus: args.status });
  const pattern = args.nameRegex === undefined ? undefined : new RegExp(args.nameRegex);
  const matching = listed.filter((i) => !pattern || pattern.test(i.InstanceName ?? ""));
  const instances = await Promise.all(matching.map((i) => details(clients, i.RegionId ?? region, i)));
  return { ids: instances.map((i) => i.id), names: instances.map((i) => i.name ?? ""), instances };
}
