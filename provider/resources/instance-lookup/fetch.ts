/** The plain part of getInstance()/getInstances(): GetInstance, ListInstance, GetInstanceEndpoint and GetInstanceUsage. */
import type { InstanceSummary } from "../../../sdk/clients";
import type { AcrClients } from "../../clients";
import { ProviderError } from "../../errors";
import { issuesToFailures } from "../../failures";
import type { z } from "zod";
import type { GetInstanceArgs, GetInstancesArgs, GetInstancesResult, InstanceDetails } from "./args";

/** Validate function arguments without any call; the error names every bad field. */
export function parseFunctionArgs<T>(fn: string, schema: z.ZodType<T>, args: unknown): T {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const failures = issuesToFailures(parsed.error.issues);
  throw new ProviderError(`${fn}: ${failures.map((f) => f.reason).join("; ")}`, { field: failures[0]?.property, code: "InvalidArgument" });
}

type InstanceBasics = Pick<InstanceSummary, "InstanceId" | "InstanceName" | "InstanceSpecification" | "InstanceStatus">;

async function details(clients: AcrClients, region: string, instance: InstanceBasics): Promise<InstanceDetails> {
  const InstanceId = instance.InstanceId;
  const [endpoint, usage] = await Promise.all([
    clients.cr.getInstanceEndpoint({ InstanceId, EndpointType: "internet", ModuleName: "Registry" }),
    clients.cr.getInstanceUsage({ InstanceId }),
  ]);
  const domains = endpoint.Domains.map((d) => ({ domain: d.Domain, type: d.Type }));
  return {
    id: InstanceId,
    name: instance.InstanceName,
    specification: instance.InstanceSpecification,
    status: instance.InstanceStatus,
    region,
    registryHost: (endpoint.Domains.find((d) => d.Type === "SYSTEM") ?? endpoint.Domains[0])?.Domain,
    publicEndpoints: domains.map((d) => d.domain),
    internetEndpoint: {
      type: "internet",
      enabled: endpoint.Enable,
      status: endpoint.Status,
      aclEnabled: endpoint.AclEnable,
      domains,
      aclEntries: endpoint.AclEntries.filter((e) => e.Entry !== undefined).map((e) => ({ entry: e.Entry!, comment: e.Comment })),
    },
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
