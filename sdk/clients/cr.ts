/**
 * Container Registry Enterprise Edition, API 2018-12-01. One method per action (lowerCamel of its
 * name), wire-named inputs, zod-parsed outputs; business errors (`NAMESPACE_NOT_EXIST`…) arrive as
 * AcsError even though CR reports them with HTTP 200.
 *
 * Retry safety, per action:
 * - creates (CreateNamespace, CreateRepository, CreateRepoSyncRule, CreateRepoSyncTask,
 *   CreateRepoSyncTaskByRule) are NOT repeated after an ambiguous failure; the caller looks the
 *   object up by its natural key before creating again;
 * - reads, updates (same values twice give the same state), ResetLoginPassword, CancelRepoSyncTask
 *   and deletes are retried. A retried delete may meet `*_NOT_EXIST` because the first attempt
 *   worked: callers treat not-found on delete as success (`AcsError.isNotFound`).
 */

import type { CallOptions, RpcCaller } from "../rpc/client";
import {
  encodeNamespaceInput,
  type CreateNamespaceInput,
  type CreateRepoSyncRuleInput,
  type CreateRepoSyncTaskByRuleInput,
  type CreateRepoSyncTaskInput,
  type CreateRepositoryInput,
  type DeleteNamespaceInput,
  type DeleteRepoSyncRuleInput,
  type DeleteRepoTagInput,
  type GetAuthorizationTokenInput,
  type GetInstanceEndpointInput,
  type GetNamespaceInput,
  type ListInstanceInput,
  type ListNamespaceInput,
  type ListRepoSyncRuleInput,
  type ListRepoSyncTaskInput,
  type ListRepoTagInput,
  type ListRepositoryInput,
  type RepoLocator,
  type ResetLoginPasswordInput,
  type SyncTaskRef,
  type UpdateNamespaceInput,
  type UpdateRepositoryInput,
} from "./cr-inputs";
import * as S from "./cr-schemas";
import * as Sync from "./cr-sync-schemas";
import { CrTriggerMethods } from "./cr-trigger";
import { collectPages, type PaginateOptions } from "./paginate";
import { EmptyResponse } from "./wire";

export const CR_VERSION = "2018-12-01";

const READ: CallOptions = { idempotent: true };
const CREATE: CallOptions = { idempotent: false };
/** Updates, deletes, cancels: repeating them converges on the same state. */
const CONVERGENT: CallOptions = { idempotent: true };

type NoPaging<T> = Omit<T, "PageNo" | "PageSize">;

/** Instance endpoints, lifecycle rules and triggers are inherited from cr-instance/cr-lifecycle/cr-trigger.ts. */
export class CrClient extends CrTriggerMethods {
  constructor(rpc: RpcCaller) {
    super(rpc);
  }

  // Instances (created and released through BSS, not this API).

  getInstance(input: { InstanceId: string }) {
    return this.rpc.call("GetInstance", input, S.GetInstanceResponse, READ);
  }
  listInstance(input: ListInstanceInput = {}) {
    return this.rpc.call("ListInstance", input, S.ListInstanceResponse, READ);
  }
  getInstanceEndpoint(input: GetInstanceEndpointInput) {
    return this.rpc.call("GetInstanceEndpoint", input, S.GetInstanceEndpointResponse, READ);
  }

  // Namespaces. CreateNamespace returns no ID: read it back with getNamespace.

  createNamespace(input: CreateNamespaceInput) {
    return this.rpc.call("CreateNamespace", encodeNamespaceInput(input), EmptyResponse, CREATE);
  }
  getNamespace(input: GetNamespaceInput) {
    return this.rpc.call("GetNamespace", input, S.GetNamespaceResponse, READ);
  }
  updateNamespace(input: UpdateNamespaceInput) {
    return this.rpc.call("UpdateNamespace", encodeNamespaceInput(input), EmptyResponse, CONVERGENT);
  }
  /** Asynchronous and cascading: the namespace passes through DELETING with all its repositories. */
  deleteNamespace(input: DeleteNamespaceInput) {
    return this.rpc.call("DeleteNamespace", input, EmptyResponse, CONVERGENT);
  }
  listNamespace(input: ListNamespaceInput) {
    return this.rpc.call("ListNamespace", input, S.ListNamespaceResponse, READ);
  }

  // Repositories.

  createRepository(input: CreateRepositoryInput) {
    return this.rpc.call("CreateRepository", input, S.CreateRepositoryResponse, CREATE);
  }
  getRepository(input: RepoLocator) {
    return this.rpc.call("GetRepository", input, S.GetRepositoryResponse, READ);
  }
  updateRepository(input: UpdateRepositoryInput) {
    return this.rpc.call("UpdateRepository", input, EmptyResponse, CONVERGENT);
  }
  deleteRepository(input: RepoLocator) {
    return this.rpc.call("DeleteRepository", input, EmptyResponse, CONVERGENT);
  }
  listRepository(input: ListRepositoryInput) {
    return this.rpc.call("ListRepository", input, S.ListRepositoryResponse, READ);
  }

  // Tags.

  listRepoTag(input: ListRepoTagInput) {
    return this.rpc.call("ListRepoTag", input, S.ListRepoTagResponse, READ);
  }
  deleteRepoTag(input: DeleteRepoTagInput) {
    return this.rpc.call("DeleteRepoTag", input, EmptyResponse, CONVERGENT);
  }

  // Registry login.

  /** Temporary `docker login` credentials; each call issues a fresh token, so repeating is harmless. */
  getAuthorizationToken(input: GetAuthorizationTokenInput) {
    return this.rpc.call("GetAuthorizationToken", input, S.GetAuthorizationTokenResponse, READ);
  }
  resetLoginPassword(input: ResetLoginPasswordInput) {
    return this.rpc.call("ResetLoginPassword", input, EmptyResponse, CONVERGENT);
  }

  // Replication rules: call on the source instance. There is no GetRepoSyncRule.

  createRepoSyncRule(input: CreateRepoSyncRuleInput) {
    return this.rpc.call("CreateRepoSyncRule", input, Sync.CreateRepoSyncRuleResponse, CREATE);
  }
  listRepoSyncRule(input: ListRepoSyncRuleInput) {
    return this.rpc.call("ListRepoSyncRule", input, Sync.ListRepoSyncRuleResponse, READ);
  }
  deleteRepoSyncRule(input: DeleteRepoSyncRuleInput) {
    return this.rpc.call("DeleteRepoSyncRule", input, EmptyResponse, CONVERGENT);
  }

  // Replication tasks.

  createRepoSyncTask(input: CreateRepoSyncTaskInput) {
    return this.rpc.call("CreateRepoSyncTask", input, Sync.CreateRepoSyncTaskResponse, CREATE);
  }
  /** Runs a manual (INITIATIVE) rule for one tag. */
  createRepoSyncTaskByRule(input: CreateRepoSyncTaskByRuleInput) {
    return this.rpc.call("CreateRepoSyncTaskByRule", input, Sync.CreateRepoSyncTaskResponse, CREATE);
  }
  getRepoSyncTask(input: SyncTaskRef) {
    return this.rpc.call("GetRepoSyncTask", input, Sync.GetRepoSyncTaskResponse, READ);
  }
  listRepoSyncTask(input: ListRepoSyncTaskInput) {
    return this.rpc.call("ListRepoSyncTask", input, Sync.ListRepoSyncTaskResponse, READ);
  }
  cancelRepoSyncTask(input: SyncTaskRef) {
    return this.rpc.call("CancelRepoSyncTask", input, EmptyResponse, CONVERGENT);
  }

  // Whole lists, walking PageNo until a short page.

  listAllInstances(input: NoPaging<ListInstanceInput> = {}, options?: PaginateOptions) {
    return collectPages("ListInstance", async (PageNo, PageSize) => {
      const page = await this.listInstance({ ...input, PageNo, PageSize });
      return { items: page.Instances, pageSize: page.PageSize, totalCount: page.TotalCount };
    }, options);
  }
  listAllNamespaces(input: NoPaging<ListNamespaceInput>, options?: PaginateOptions) {
    return collectPages("ListNamespace", async (PageNo, PageSize) => {
      const page = await this.listNamespace({ ...input, PageNo, PageSize });
      return { items: page.Namespaces, pageSize: page.PageSize, totalCount: page.TotalCount };
    }, options);
  }
  listAllRepositories(input: NoPaging<ListRepositoryInput>, options?: PaginateOptions) {
    return collectPages("ListRepository", async (PageNo, PageSize) => {
      const page = await this.listRepository({ ...input, PageNo, PageSize });
      return { items: page.Repositories, pageSize: page.PageSize, totalCount: page.TotalCount };
    }, options);
  }
  listAllRepoTags(input: NoPaging<ListRepoTagInput>, options?: PaginateOptions) {
    return collectPages("ListRepoTag", async (PageNo, PageSize) => {
      const page = await this.listRepoTag({ ...input, PageNo, PageSize });
      return { items: page.Images, pageSize: page.PageSize, totalCount: page.TotalCount };
    }, options);
  }
  listAllRepoSyncRules(input: NoPaging<ListRepoSyncRuleInput>, options?: PaginateOptions) {
    return collectPages("ListRepoSyncRule", async (PageNo, PageSize) => {
      const page = await this.listRepoSyncRule({ ...input, PageNo, PageSize });
      return { items: page.SyncRules, pageSize: page.PageSize, totalCount: page.TotalCount };
    }, options);
  }
  listAllRepoSyncTasks(input: NoPaging<ListRepoSyncTaskInput>, options?: PaginateOptions) {
    return collectPages("ListRepoSyncTask", async (PageNo, PageSize) => {
      const page = await this.listRepoSyncTask({ ...input, PageNo, PageSize });
      return { items: page.SyncTasks, pageSize: page.PageSize, totalCount: page.TotalCount };
    }, options);
  }

  /** The rule with this ID as listed on `InstanceId` (either direction), or undefined. */
  async findRepoSyncRule(input: NoPaging<ListRepoSyncRuleInput> & { SyncRuleId: string }): Promise<Sync.SyncRule | undefined> {
    const { SyncRuleId, ...filters } = input;
    const rules = await this.listAllRepoSyncRules(filters);
    return rules.find((rule) => rule.SyncRuleId === SyncRuleId);
  }
}
