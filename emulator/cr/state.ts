/**
 * The CR service's state: ONE plain-JSON object covering every account, because a replication rule
 * joins two instances that may belong to different accounts and must be listed on both (FROM on
 * the source, TO on the target). Instances are keyed by ID; rules and tasks are stored once,
 * keyed by their own IDs, and found from either end by scanning (the counts are small).
 */

import { createHash } from "node:crypto";
import type { InstanceEdition, SeedAccount } from "../core/seed";
import { editionQuota, type InstanceQuota } from "./editions";
import type { GovernedInstance } from "./governance-state";

export type RepoType = "PUBLIC" | "PRIVATE";

/** The namespace default a push-created repository inherits (`DefaultRepoConfiguration`). */
export interface RepoConfigurationRecord {
  repoType: RepoType;
  tagImmutability: boolean;
  /** `ArtifactBuildRuleParameters.ImageIndexOnly`; absent when never set. */
  imageIndexOnly?: boolean;
}

export interface TagRecord {
  tag: string;
  /** `sha256:<64 hex>`; rendered without the prefix, as the doc examples show. */
  digest: string;
  /** The image config digest (`sha256:<hex>`), or the manifest digest when unknown. */
  imageId: string;
  /** Bytes. */
  size: number;
  createTime: number;
  updateTime: number;
  status: "NORMAL";
}

export interface RepositoryRecord {
  repoId: string;
  repoName: string;
  repoType: RepoType;
  summary: string;
  detail: string;
  tagImmutability: boolean;
  /** MANUAL: created through the API; AUTO: created by a push into an AutoCreateRepo namespace. */
  buildType: "MANUAL" | "AUTO";
  status: "NORMAL";
  createTime: number;
  modifiedTime: number;
  /** By tag name. */
  tags: Record<string, TagRecord>;
}

export interface NamespaceRecord {
  namespaceId: string;
  namespaceName: string;
  status: "NORMAL";
  autoCreateRepo: boolean;
  defaultRepoConfiguration: RepoConfigurationRecord;
  createTime: number;
  modifiedTime: number;
  /** By repository name. */
  repositories: Record<string, RepositoryRecord>;
}

/** A temporary `docker login` password from GetAuthorizationToken; only its SHA-256 is kept. */
export interface AuthTokenRecord {
  tokenHash: string;
  expireTime: number;
  /** Whose permissions the token carries (docs: the caller's — owner, RAM user or role session). */
  accountId: string;
  principalArn: string;
}

export interface InstanceRecord {
  instanceId: string;
  instanceName: string;
  regionId: string;
  edition: InstanceEdition;
  ownerUid: string;
  /** The owner account's name: with the UID, the user names a fixed-password login accepts. */
  ownerName: string;
  status: "RUNNING";
  resourceGroupId: string;
  createTime: number;
  modifiedTime: number;
  /** The data plane's host for this instance; default `<name>-registry.<region>.cr.aliyuncs.com`. */
  registryHost: string;
  quota: InstanceQuota;
  /** By namespace name. */
  namespaces: Record<string, NamespaceRecord>;
  /** `scrypt$<salt b64>$<hash b64>` of the ResetLoginPassword password; never the password. */
  loginPasswordHash: string | null;
  authTokens: AuthTokenRecord[];
}

export type SyncScope = "REPO" | "NAMESPACE";
export type SyncTrigger = "PASSIVE" | "INITIATIVE";

export interface SyncEndRecord {
  regionId: string;
  instanceId: string;
  namespaceName: string;
  /** Empty for NAMESPACE scope. */
  repoName: string;
}

export interface SyncRuleRecord {
  syncRuleId: string;
  syncRuleName: string;
  syncScope: SyncScope;
  syncTrigger: SyncTrigger;
  tagFilter: string;
  /** Empty when not given. */
  repoNameFilter: string;
  linkId: string;
  sourceUid: string;
  targetUid: string;
  /** The `Local*` side of ListRepoSyncRule is always the source. */
  source: SyncEndRecord;
  target: SyncEndRecord;
  createTime: number;
  modifiedTime: number;
}

export type SyncTaskStatus = "PENDING" | "SYNCHRONIZING" | "SUCCESS" | "ERROR" | "CANCELED";

export interface ImageRefRecord {
  regionId: string;
  instanceId: string;
  namespaceName: string;
  repoName: string;
  tag: string;
}

export interface LayerTaskRecord {
  syncLayerTaskId: string;
  digest: string;
  artifactDigest: string;
  size: number;
  syncedSize: number;
  status: SyncTaskStatus;
}

export interface SyncTaskRecord {
  syncTaskId: string;
  /** Empty for a CreateRepoSyncTask copy, which needs no rule. */
  syncRuleId: string;
  /** UUID shared by the tasks one push started (`SyncRecordId` in ListRepoSyncTask). */
  syncBatchTaskId: string;
  status: SyncTaskStatus;
  trigger: SyncTrigger;
  /** Set on failure: TAG_CONFLICT, NETWORK_ERROR, … */
  issue: string;
  progress: number;
  syncedSize: number;
  override: boolean;
  sourceUid: string;
  targetUid: string;
  from: ImageRefRecord;
  to: ImageRefRecord;
  layerTasks: LayerTaskRecord[];
  createTime: number;
  modifiedTime: number;
}

export interface CrState {
  instances: Record<string, InstanceRecord>;
  syncRules: Record<string, SyncRuleRecord>;
  syncTasks: Record<string, SyncTaskRecord>;
}

export function defaultRegistryHost(instanceName: string, regionId: string): string {
  return `${instanceName}-registry.${regionId}.cr.aliyuncs.com`;
}

/** Stable per account, shaped like the default resource group IDs (`rg-acfm…`). */
function defaultResourceGroup(uid: string): string {
  return `rg-acfm${createHash("sha256").update(uid).digest("hex").slice(0, 12)}`;
}

export function initialCrState(accounts: SeedAccount[], now = Date.now()): CrState {
  const state: CrState = { instances: {}, syncRules: {}, syncTasks: {} };
  for (const account of accounts) {
    for (const seed of account.instances) {
      if (state.instances[seed.instanceId]) throw new Error(`the seed names instance ${seed.instanceId} twice`);
      state.instances[seed.instanceId] = {
        instanceId: seed.instanceId,
        instanceName: seed.instanceName,
        regionId: seed.regionId,
        edition: seed.edition,
        ownerUid: account.uid,
        ownerName: account.name,
        status: "RUNNING",
        resourceGroupId: defaultResourceGroup(account.uid),
        createTime: now,
        modifiedTime: now,
        registryHost: defaultRegistryHost(seed.instanceName, seed.regionId),
        quota: editionQuota(seed.edition),
        namespaces: {},
        loginPasswordHash: null,
        authTokens: [],
      };
      if (seed.linkedVpcs) (state.instances[seed.instanceId] as GovernedInstance).vpcEndpoint = { enabled: true, linkedVpcs: seed.linkedVpcs.map((v) => ({ ...v })) };
    }
  }
  return state;
}
