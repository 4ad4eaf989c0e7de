/**
 * The emulator's CR (ACR EE 2018-12-01) control plane. The pipeline (emulator/core) must hand each
 * handler the CallContext plus `cr`, the CrState of `initialState` (one object for all accounts).
 * The data plane plugs in through `recordTag`, `verifyRegistryLogin`, `setRegistryHost`, the sync
 * task transitions and a `SyncExecutor`.
 */

import type { ServiceJobs } from "../core/runtime";
import type { SeedAccount } from "../core/seed";
import { GetAuthorizationToken, ResetLoginPassword } from "./handlers/credentials";
import { GetInstanceVpcEndpoint, ListInstanceEndpoint } from "./handlers/endpoint-list";
import { CreateInstanceEndpointAclPolicy, DeleteInstanceEndpointAclPolicy, GetInstanceEndpoint, UpdateInstanceEndpointStatus } from "./handlers/endpoints";
import { GetInstance, GetInstanceUsage, ListInstance } from "./handlers/instances";
import {
  CreateArtifactLifecycleRule,
  DeleteArtifactLifecycleRule,
  GetArtifactLifecycleRule,
  ListArtifactLifecycleRule,
  UpdateArtifactLifecycleRule,
} from "./handlers/lifecycle-rules";
import { CreateNamespace, DeleteNamespace, GetNamespace, ListNamespace, UpdateNamespace } from "./handlers/namespaces";
import { CreateRepository, DeleteRepository, GetRepository, ListRepository, UpdateRepository } from "./handlers/repositories";
import { CreateRepoSyncRule, DeleteRepoSyncRule, ListRepoSyncRule } from "./handlers/sync-rules";
import { createSyncTaskHandlers } from "./handlers/sync-tasks";
import { DeleteRepoTag, GetRepoTag, ListRepoTag } from "./handlers/tags";
import { CreateRepoTrigger, DeleteRepoTrigger, ListRepoTrigger, UpdateRepoTrigger } from "./handlers/triggers";
import { crJobs } from "./jobs";
import { entry } from "./lookup";
import type { CrHandler } from "./params";
import { initialCrState, type CrState } from "./state";
import type { SyncExecutor } from "./sync-task-store";

export interface CrService {
  version: "2018-12-01";
  handlers: Record<string, CrHandler>;
  initialState(seed: SeedAccount[]): CrState;
  /** Due tag-retention runs on clock moves and the on-demand admin route (jobs.ts). */
  jobs(state: unknown): ServiceJobs;
  /** Attach (or detach) the data plane's copier; tasks created meanwhile stay PENDING. */
  setSyncExecutor(executor: SyncExecutor | undefined): void;
  /** The attached copier, for pushes arriving through the data plane (their passive tasks start there). */
  syncExecutor(): SyncExecutor | undefined;
}

export interface CrServiceOptions {
  executor?: SyncExecutor;
}

export function createCrService(options: CrServiceOptions = {}): CrService {
  let executor = options.executor;
  return {
    version: "2018-12-01",
    handlers: {
      GetInstance,
      ListInstance,
      GetInstanceEndpoint,
      ListInstanceEndpoint,
      GetInstanceVpcEndpoint,
      UpdateInstanceEndpointStatus,
      CreateInstanceEndpointAclPolicy,
      DeleteInstanceEndpointAclPolicy,
      GetInstanceUsage,
      CreateArtifactLifecycleRule,
      UpdateArtifactLifecycleRule,
      GetArtifactLifecycleRule,
      DeleteArtifactLifecycleRule,
      ListArtifactLifecycleRule,
      CreateRepoTrigger,
      UpdateRepoTrigger,
      DeleteRepoTrigger,
      ListRepoTrigger,
      CreateNamespace,
      GetNamespace,
      UpdateNamespace,
      DeleteNamespace,
      ListNamespace,
      CreateRepository,
      GetRepository,
      UpdateRepository,
      DeleteRepository,
      ListRepository,
      ListRepoTag,
      GetRepoTag,
      DeleteRepoTag,
      ResetLoginPassword,
      GetAuthorizationToken,
      CreateRepoSyncRule,
      ListRepoSyncRule,
      DeleteRepoSyncRule,
      ...createSyncTaskHandlers(() => executor),
    },
    initialState: (seed) => initialCrState(seed),
    jobs: (state) => crJobs(state as CrState),
    setSyncExecutor: (next) => {
      executor = next;
    },
    syncExecutor: () => executor,
  };
}

/** Points an instance's endpoint domain at the data plane (`host:port`). False for an unknown instance. */
export function setRegistryHost(state: CrState, instanceId: string, host: string): boolean {
  const instance = entry(state.instances, instanceId);
  if (!instance) return false;
  instance.registryHost = host;
  return true;
}

export type { CrCallContext, CrHandler } from "./params";
export type * from "./state";
export { CrCode } from "./errors";
export { editionQuota, instanceSpecification, regionKind } from "./editions";
export { recordTag, RecordTagError, type PushedImage, type RecordTagResult } from "./record-tag";
export { verifyRegistryLogin, TEMP_USERNAME, type RegistryLogin } from "./registry-login";
export {
  addPassiveTasks,
  cancelSyncTask,
  finishSyncTask,
  isTerminal,
  reportSyncProgress,
  startTasks,
  type SyncExecutor,
} from "./sync-task-store";
export { passiveRulesFor, ruleCoversImage } from "./sync-matching";
