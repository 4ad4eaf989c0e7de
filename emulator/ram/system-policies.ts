/**
 * The System policies every account can attach. The names are the real ones; the documents are
 * the emulator's reading of what each grants (the real documents are longer but equivalent here).
 */

export interface SystemPolicy {
  policyName: string;
  description: string;
  document: string;
}

/** A fixed date so GetPolicy answers the same on every run. */
export const SYSTEM_POLICY_DATE = "2015-04-28T16:00:00Z";

function allow(actions: string[]): string {
  return JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });
}

const LIST: SystemPolicy[] = [
  { policyName: "AdministratorAccess", description: "Provides full access to Alibaba Cloud services and resources.", document: allow(["*"]) },
  { policyName: "AliyunContainerRegistryFullAccess", description: "Provides full access to Container Registry.", document: allow(["cr:*"]) },
  {
    policyName: "AliyunContainerRegistryReadOnlyAccess",
    description: "Provides read-only access to Container Registry.",
    document: allow(["cr:Get*", "cr:List*", "cr:Pull*"]),
  },
  { policyName: "AliyunRAMFullAccess", description: "Provides full access to Resource Access Management (RAM).", document: allow(["ram:*"]) },
  {
    policyName: "AliyunRAMReadOnlyAccess",
    description: "Provides read-only access to Resource Access Management (RAM).",
    document: allow(["ram:Get*", "ram:List*"]),
  },
  {
    policyName: "AliyunSTSAssumeRoleAccess",
    description: "Provides access to call the AssumeRole operation of Security Token Service (STS).",
    document: allow(["sts:AssumeRole"]),
  },
];

const BY_NAME = new Map(LIST.map((policy) => [policy.policyName.toLowerCase(), policy]));

export function systemPolicy(name: string): SystemPolicy | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function systemPolicies(): readonly SystemPolicy[] {
  return LIST;
}
