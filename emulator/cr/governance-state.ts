/**
 * The parts of an instance that govern access and clean-up: the internet endpoint and its ACL,
 * tag-retention (artifact lifecycle) rules, and per-repository webhook triggers. Kept beside the
 * core records as optional fields, so state files written before they existed still load; these
 * accessors give each its default on first use.
 */
import type { InstanceRecord, RepositoryRecord } from "./state";

export interface AclEntryRecord {
  /** An IPv4 CIDR, e.g. `203.0.113.0/24`. */
  entry: string;
  comment: string;
}

export interface InternetEndpointRecord {
  enabled: boolean;
  acl: AclEntryRecord[];
  /**
   * The SDK's `AclEnable`: whether the ACL filters clients. Seeded instances start with it off, an
   * emulator convenience so every test can push from loopback without declaring an entry; the
   * first CreateInstanceEndpointAclPolicy turns it on, and from then on an enabled endpoint with no
   * entry admits nobody (seed 003: set the whitelist before access over the Internet works).
   * Absent in state written before it existed: on exactly when entries exist, as it behaved then.
   */
  aclEnabled?: boolean;
}

/** A VPC linked to the VPC endpoint. */
export interface LinkedVpcRecord {
  vpcId: string;
  vswitchId: string;
  ip: string;
}

/**
 * The VPC endpoint (`<name>-registry-vpc.<region>.cr.aliyuncs.com`). The emulator reports it but
 * serves no traffic on it: every registry port stands for the internet endpoint.
 */
export interface VpcEndpointRecord {
  enabled: boolean;
  linkedVpcs: LinkedVpcRecord[];
}

export type LifecycleScope = "INSTANCE" | "NAMESPACE" | "REPO";

export interface LifecycleRuleRecord {
  ruleId: string;
  scope: LifecycleScope;
  /** Empty unless the scope needs it. */
  namespaceName: string;
  repoName: string;
  /** Tags matching it are kept whatever their age (acr-api.md §3.9). */
  tagRegexp: string;
  retentionTagCount: number;
  auto: boolean;
  /** WEEK or MONTH (the values seen in the docs); empty when not scheduled. */
  scheduleTime: string;
  enableDeleteTag: boolean;
  createTime: number;
  modifiedTime: number;
  /** When the schedule runs next (ms); 0 when not scheduled. */
  nextTime: number;
}

export type TriggerType = "ALL" | "TAG_LIST" | "TAG_REG_EXP";

export interface TriggerRecord {
  triggerId: string;
  triggerName: string;
  triggerType: TriggerType;
  /** `*` for ALL, a JSON-style array text for TAG_LIST, a regular expression for TAG_REG_EXP. */
  triggerTag: string;
  triggerUrl: string;
}

export type GovernedInstance = InstanceRecord & {
  internetEndpoint?: InternetEndpointRecord;
  vpcEndpoint?: VpcEndpointRecord;
  lifecycleRules?: Record<string, LifecycleRuleRecord>;
};

export type TriggeredRepository = RepositoryRecord & { triggers?: Record<string, TriggerRecord> };

/**
 * The internet endpoint starts enabled with an empty ACL that is not enforced (AclEnable false):
 * reachable from anywhere. That is the emulator's convenience, not the service's default.
 */
export function internetEndpoint(instance: InstanceRecord): InternetEndpointRecord {
  const governed = instance as GovernedInstance;
  governed.internetEndpoint ??= { enabled: true, acl: [], aclEnabled: false };
  return governed.internetEndpoint;
}

/** The VPC endpoint starts enabled; state written before it existed gets it with no linked VPC. */
export function vpcEndpoint(instance: InstanceRecord): VpcEndpointRecord {
  const governed = instance as GovernedInstance;
  governed.vpcEndpoint ??= { enabled: true, linkedVpcs: [] };
  return governed.vpcEndpoint;
}

export function vpcDomain(instance: InstanceRecord): string {
  return `${instance.instanceName}-registry-vpc.${instance.regionId}.cr.aliyuncs.com`;
}

/** Whether the ACL filters clients (see InternetEndpointRecord.aclEnabled). */
export function aclEnabled(endpoint: InternetEndpointRecord): boolean {
  return endpoint.aclEnabled ?? endpoint.acl.length > 0;
}

export function lifecycleRules(instance: InstanceRecord): Record<string, LifecycleRuleRecord> {
  const governed = instance as GovernedInstance;
  governed.lifecycleRules ??= {};
  return governed.lifecycleRules;
}

export function triggersOf(repo: RepositoryRecord): Record<string, TriggerRecord> {
  const triggered = repo as TriggeredRepository;
  triggered.triggers ??= {};
  return triggered.triggers;
}

/** One push's webhook call (registry/webhook-sender.ts), as it stands. */
export interface TriggerDeliveryRecord {
  tag: string;
  digest: string;
  /** Service-clock ms of the push. */
  time: number;
  status: "PENDING" | "SUCCESS" | "FAILED";
  attempts: number;
  /** The last attempt's HTTP status; 0 when none came back. */
  httpStatus: number;
  /** Why the last attempt failed; empty on success. */
  error: string;
}

/** The newest deliveries kept per trigger. */
export const MAX_DELIVERIES = 20;

export type DeliveredTrigger = TriggerRecord & { deliveries?: TriggerDeliveryRecord[] };

/** A trigger's recent deliveries, oldest first. */
export function deliveriesOf(trigger: TriggerRecord): TriggerDeliveryRecord[] {
  const delivered = trigger as DeliveredTrigger;
  delivered.deliveries ??= [];
  return delivered.deliveries;
}
