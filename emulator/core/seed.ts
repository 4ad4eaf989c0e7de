/**
 * The seed file shape: the accounts, keys, RAM users and CR instances the emulator starts with.
 * Shared by the pipeline (emulator/core, ram, sts) and the CR handlers (emulator/cr), so both
 * build their initial state from the same description.
 */

export type InstanceEdition = "Basic" | "Standard" | "Advanced";

export interface SeedUser {
  name: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** System or custom policy names attached at start; none by default. */
  policies?: string[];
}

/** A VPC attached to the instance's VPC endpoint (GetInstanceVpcEndpoint's LinkedVpcs). */
export interface SeedLinkedVpc {
  vpcId: string;
  vswitchId: string;
  /** The endpoint's address inside the VPC. */
  ip: string;
}

export interface SeedInstance {
  instanceId: string;
  instanceName: string;
  regionId: string;
  edition: InstanceEdition;
  /** VPCs linked to the VPC endpoint at start; none when absent. */
  linkedVpcs?: SeedLinkedVpc[];
}

export interface SeedAccount {
  name: string;
  /** 16-digit account UID. */
  uid: string;
  /** The account owner's (root) AccessKey pair. */
  accessKeyId: string;
  accessKeySecret: string;
  users: SeedUser[];
  instances: SeedInstance[];
}

export interface SeedFile {
  accounts: SeedAccount[];
}
