import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { withProgramClients } from "../program-clients";
import type { GetInstancesResult, InstanceDetails } from "./args";

export interface GetInstanceArgs {
  instanceId: pulumi.Input<string>;
  /** Overrides the stack's alicloud:* config, as on every resource. */
  connection?: pulumi.Input<Connection>;
}

export interface GetInstancesArgs {
  /** Keep only instances whose name matches this regular expression. */
  nameRegex?: pulumi.Input<string>;
  /** Keep only instances in this status, e.g. RUNNING. */
  status?: pulumi.Input<string>;
  connection?: pulumi.Input<Connection>;
}

/** Loaded when a function runs, like the sdk (see program-clients.ts). */
const load = async () => ({ ...(await import("./fetch.js")), ...(await import("./args.js")) });

/**
 * One ACR EE instance (GetInstance, ListInstanceEndpoint, GetInstanceUsage): edition, status,
 * region, name, each endpoint (internet, VPC) with its domains, switch and ACL entries, and namespace and
 * repository quota and usage. Programs use it instead of hard-coding registry hosts.
 */
export function getInstance(args: GetInstanceArgs): pulumi.Output<InstanceDetails> {
  return pulumi.output(args).apply(async (plain) => {
    const { fetchInstance, getInstanceArgs, parseFunctionArgs } = await load();
    const parsed = parseFunctionArgs("getInstance", getInstanceArgs, plain);
    return withProgramClients(parsed.connection, (clients, region) => fetchInstance(clients, region, parsed));
  });
}

/** The caller's instances in the region (ListInstance), filtered by name and status, each with getInstance's details. */
export function getInstances(args: GetInstancesArgs = {}): pulumi.Output<GetInstancesResult> {
  return pulumi.output(args).apply(async (plain) => {
    const { fetchInstances, getInstancesArgs, parseFunctionArgs } = await load();
    const parsed = parseFunctionArgs("getInstances", getInstancesArgs, plain);
    return withProgramClients(parsed.connection, (clients, region) => fetchInstances(clients, region, parsed));
  });
}
