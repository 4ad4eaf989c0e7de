/**
 * One account's RAM state: users (with access keys), roles and custom policies, each keyed by the
 * lowercase name so lookups ignore case while the stored record keeps the name as given.
 * Plain JSON: it is persisted as part of the emulator state.
 */

import type { SeedAccount } from "../core/seed";
import { systemPolicy } from "./system-policies";

export type PolicyType = "System" | "Custom";

export interface Attachment {
  policyName: string;
  policyType: PolicyType;
  attachDate: string;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  accessKeySecret: string;
  status: "Active" | "Inactive";
  createDate: string;
}

export interface UserRecord {
  userName: string;
  userId: string;
  displayName: string;
  mobilePhone: string;
  email: string;
  comments: string;
  createDate: string;
  updateDate: string;
  accessKeys: AccessKeyRecord[];
  attachments: Attachment[];
}

export interface Tag {
  key: string;
  value: string;
}

export interface RoleRecord {
  roleName: string;
  roleId: string;
  arn: string;
  assumeRolePolicyDocument: string;
  description: string;
  maxSessionDuration: number;
  createDate: string;
  updateDate: string;
  tags: Tag[];
  attachments: Attachment[];
}

export interface PolicyVersionRecord {
  versionId: string;
  document: string;
  createDate: string;
}

export interface CustomPolicyRecord {
  policyName: string;
  description: string;
  createDate: string;
  updateDate: string;
  defaultVersion: string;
  versions: PolicyVersionRecord[];
  /** Highest version number ever used: IDs are not reused after a deletion. */
  lastVersionNumber: number;
  tags: Tag[];
}

export interface RamState {
  users: Record<string, UserRecord>;
  roles: Record<string, RoleRecord>;
  policies: Record<string, CustomPolicyRecord>;
}

export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** Users from the seed, with their keys and any (System) policies named there. */
export function initialRamState(account: SeedAccount, now: string, newUserId: () => string): RamState {
  const state: RamState = { users: {}, roles: {}, policies: {} };
  for (const user of account.users) {
    state.users[nameKey(user.name)] = {
      userName: user.name,
      userId: newUserId(),
      displayName: user.name,
      mobilePhone: "",
      email: "",
      comments: "",
      createDate: now,
      updateDate: now,
      accessKeys: [{ accessKeyId: user.accessKeyId, accessKeySecret: user.accessKeySecret, status: "Active", createDate: now }],
      attachments: (user.policies ?? []).map((name) => {
        const system = systemPolicy(name);
        if (!system) throw new Error(`seed: user ${user.name} names unknown system policy ${name}`);
        return { policyName: system.policyName, policyType: "System" as const, attachDate: now };
      }),
    };
  }
  return state;
}

/** The document of a policy's default version, or undefined when the policy does not exist. */
export function defaultDocument(ram: RamState, attachment: Pick<Attachment, "policyName" | "policyType">): string | undefined {
  if (attachment.policyType === "System") return systemPolicy(attachment.policyName)?.document;
  const policy = ram.policies[nameKey(attachment.policyName)];
  return policy?.versions.find((version) => version.versionId === policy.defaultVersion)?.document;
}
