/**
 * Resource Access Management, API 2015-05-01 (global endpoint). Methods are lowerCamel actions,
 * inputs are wire-named, lists come back unwrapped.
 *
 * Retry safety: CreateRole, CreatePolicy, CreatePolicyVersion, CreateUser and CreateAccessKey are
 * creates and are not repeated after an ambiguous failure (a repeated CreatePolicyVersion would add
 * a second version). Attach/Detach/Update/SetDefault/Delete converge and are retried; a repeat may
 * answer `EntityAlreadyExists.Role.Policy` or `EntityNotExist.*`, which callers read as done.
 */

import type { CallOptions, RpcCaller } from "../rpc/client";
import { collectMarkerPages } from "./paginate";
import * as S from "./ram-schemas";
import { EmptyResponse } from "./wire";

export const RAM_VERSION = "2015-05-01";

const READ: CallOptions = { idempotent: true };
const CREATE: CallOptions = { idempotent: false };
const CONVERGENT: CallOptions = { idempotent: true };

export type ResourceTagInput = { Key: string; Value?: string };
export type PolicyType = "System" | "Custom";

export type CreateRoleInput = {
  RoleName: string;
  /** Trust policy JSON. */
  AssumeRolePolicyDocument: string;
  Description?: string;
  /** 3600–43200 seconds. */
  MaxSessionDuration?: number;
  Tag?: ResourceTagInput[];
};

export type UpdateRoleInput = {
  RoleName: string;
  NewAssumeRolePolicyDocument?: string;
  NewMaxSessionDuration?: number;
  NewDescription?: string;
};

export type CreatePolicyInput = { PolicyName: string; PolicyDocument: string; Description?: string; Tag?: ResourceTagInput[] };

export type CreatePolicyVersionInput = {
  PolicyName: string;
  PolicyDocument: string;
  SetAsDefault?: boolean;
  /** `None` (default) or `DeleteOldestNonDefaultVersionWhenLimitExceeded` (at most 5 versions). */
  RotateStrategy?: "None" | "DeleteOldestNonDefaultVersionWhenLimitExceeded";
};

export type PolicyRef = { PolicyName: string; PolicyType: PolicyType };
export type PolicyVersionRef = { PolicyName: string; VersionId: string };
export type RolePolicyAttachment = { PolicyType: PolicyType; PolicyName: string; RoleName: string };
export type UserPolicyAttachment = { PolicyType: PolicyType; PolicyName: string; UserName: string };

export type CreateUserInput = { UserName: string; DisplayName?: string; MobilePhone?: string; Email?: string; Comments?: string };

/** The TS SDK sends RAM tags as one JSON-string parameter, not flattened. */
function encodeTags<T extends { Tag?: ResourceTagInput[] }>(input: T): Record<string, unknown> {
  const { Tag, ...rest } = input;
  return Tag === undefined ? rest : { ...rest, Tag: JSON.stringify(Tag) };
}

export class RamClient {
  constructor(private readonly rpc: RpcCaller) {}

  // Roles.

  createRole(input: CreateRoleInput) {
    return this.rpc.call("CreateRole", encodeTags(input), S.RoleResponse, CREATE);
  }
  getRole(input: { RoleName: string }) {
    return this.rpc.call("GetRole", input, S.RoleResponse, READ);
  }
  updateRole(input: UpdateRoleInput) {
    return this.rpc.call("UpdateRole", input, S.RoleResponse, CONVERGENT);
  }
  /** Fails with `DeleteConflict.Role.Policy` while policies are attached: detach them first. */
  deleteRole(input: { RoleName: string }) {
    return this.rpc.call("DeleteRole", input, EmptyResponse, CONVERGENT);
  }
  listRoles(input: { Marker?: string; MaxItems?: number } = {}) {
    return this.rpc.call("ListRoles", input, S.ListRolesResponse, READ);
  }
  /** Every role, following `Marker` while `IsTruncated`. */
  listAllRoles(input: { MaxItems?: number } = {}) {
    return collectMarkerPages("ListRoles", async (Marker) => {
      const page = await this.listRoles({ ...input, Marker });
      return { items: page.Roles, isTruncated: page.IsTruncated, marker: page.Marker };
    });
  }

  // Policies and versions.

  createPolicy(input: CreatePolicyInput) {
    return this.rpc.call("CreatePolicy", encodeTags(input), S.CreatePolicyResponse, CREATE);
  }
  getPolicy(input: PolicyRef) {
    return this.rpc.call("GetPolicy", input, S.GetPolicyResponse, READ);
  }
  /** `CascadingDelete: true` also removes non-default versions, which otherwise block the delete. */
  deletePolicy(input: { PolicyName: string; CascadingDelete?: boolean }) {
    return this.rpc.call("DeletePolicy", input, EmptyResponse, CONVERGENT);
  }
  createPolicyVersion(input: CreatePolicyVersionInput) {
    return this.rpc.call("CreatePolicyVersion", input, S.PolicyVersionResponse, CREATE);
  }
  listPolicyVersions(input: PolicyRef) {
    return this.rpc.call("ListPolicyVersions", input, S.ListPolicyVersionsResponse, READ);
  }
  deletePolicyVersion(input: PolicyVersionRef) {
    return this.rpc.call("DeletePolicyVersion", input, EmptyResponse, CONVERGENT);
  }
  setDefaultPolicyVersion(input: PolicyVersionRef) {
    return this.rpc.call("SetDefaultPolicyVersion", input, EmptyResponse, CONVERGENT);
  }

  // Role attachments.

  attachPolicyToRole(input: RolePolicyAttachment) {
    return this.rpc.call("AttachPolicyToRole", input, EmptyResponse, CONVERGENT);
  }
  detachPolicyFromRole(input: RolePolicyAttachment) {
    return this.rpc.call("DetachPolicyFromRole", input, EmptyResponse, CONVERGENT);
  }
  listPoliciesForRole(input: { RoleName: string }) {
    return this.rpc.call("ListPoliciesForRole", input, S.ListAttachedPoliciesResponse, READ);
  }

  // Users and access keys: optional extras, used by emulator tests to make callers.

  createUser(input: CreateUserInput) {
    return this.rpc.call("CreateUser", input, S.UserResponse, CREATE);
  }
  getUser(input: { UserName: string }) {
    return this.rpc.call("GetUser", input, S.UserResponse, READ);
  }
  deleteUser(input: { UserName: string }) {
    return this.rpc.call("DeleteUser", input, EmptyResponse, CONVERGENT);
  }
  attachPolicyToUser(input: UserPolicyAttachment) {
    return this.rpc.call("AttachPolicyToUser", input, EmptyResponse, CONVERGENT);
  }
  detachPolicyFromUser(input: UserPolicyAttachment) {
    return this.rpc.call("DetachPolicyFromUser", input, EmptyResponse, CONVERGENT);
  }
  listPoliciesForUser(input: { UserName: string }) {
    return this.rpc.call("ListPoliciesForUser", input, S.ListAttachedPoliciesResponse, READ);
  }
  /** Without `UserName` a RAM user creates a key for itself. The secret is returned only here. */
  createAccessKey(input: { UserName?: string } = {}) {
    return this.rpc.call("CreateAccessKey", input, S.CreateAccessKeyResponse, CREATE);
  }
  /** Parameter names from the public RAM API docs (not in the shared reference): `UserAccessKeyId`, `UserName`. */
  deleteAccessKey(input: { UserAccessKeyId: string; UserName?: string }) {
    return this.rpc.call("DeleteAccessKey", input, EmptyResponse, CONVERGENT);
  }
}
