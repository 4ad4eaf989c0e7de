/**
 * Response schemas for RAM 2015-05-01 (shared reference ram-sts-signing.md §1.1–1.2). Every RAM
 * list is wrapped (`{Roles: {Role: [...]}}`) and unwrapped here to a plain array; how the service
 * writes an empty list was not seen, so a missing wrapper, an empty one and an empty array all
 * read as `[]`. Dates are ISO-8601 strings and are kept as sent.
 */

import { z } from "zod";
import { bool, envelope, num, text, wrapped } from "./wire";

const ResourceTag = z.object({ TagKey: text.optional(), TagValue: text.optional() });

const roleFields = {
  RoleName: text,
  /** A numeric string, e.g. `"901234567890****"`. */
  RoleId: text.optional(),
  /** `acs:ram::<accountId>:role/<roleName>`. */
  Arn: text.optional(),
  Description: text.optional(),
  MaxSessionDuration: num.optional(),
  CreateDate: text.optional(),
  UpdateDate: text.optional(),
  /** In newer docs only. */
  RolePrincipalName: text.optional(),
};

export const Role = z.object({
  ...roleFields,
  /** The trust policy as a JSON string. */
  AssumeRolePolicyDocument: text.optional(),
});
export type Role = z.output<typeof Role>;

export const RoleResponse = z.object({ ...envelope, Role });
export type RoleResponse = z.output<typeof RoleResponse>;

/** ListRoles items have no trust policy, but carry tags (wrapped as `{Tag: [...]}`). */
export const RoleSummary = z.object({ ...roleFields, Tags: wrapped("Tag", ResourceTag) });
export type RoleSummary = z.output<typeof RoleSummary>;

export const ListRolesResponse = z.object({
  ...envelope,
  IsTruncated: bool.optional(),
  /** Present only when truncated; pass it back to get the next page. */
  Marker: text.optional(),
  Roles: wrapped("Role", RoleSummary),
});
export type ListRolesResponse = z.output<typeof ListRolesResponse>;

export const Policy = z.object({
  PolicyName: text,
  /** System | Custom. */
  PolicyType: text.optional(),
  Description: text.optional(),
  DefaultVersion: text.optional(),
  CreateDate: text.optional(),
  UpdateDate: text.optional(),
  AttachmentCount: num.optional(),
  /** Deprecated copy of the default version's document; read DefaultPolicyVersion instead. */
  PolicyDocument: text.optional(),
});
export type Policy = z.output<typeof Policy>;

export const PolicyVersion = z.object({
  /** `v1`, `v2`, … */
  VersionId: text,
  IsDefaultVersion: bool.optional(),
  PolicyDocument: text.optional(),
  CreateDate: text.optional(),
});
export type PolicyVersion = z.output<typeof PolicyVersion>;

export const CreatePolicyResponse = z.object({ ...envelope, Policy });
export type CreatePolicyResponse = z.output<typeof CreatePolicyResponse>;

export const GetPolicyResponse = z.object({ ...envelope, Policy, DefaultPolicyVersion: PolicyVersion.optional() });
export type GetPolicyResponse = z.output<typeof GetPolicyResponse>;

export const PolicyVersionResponse = z.object({ ...envelope, PolicyVersion });
export type PolicyVersionResponse = z.output<typeof PolicyVersionResponse>;

export const ListPolicyVersionsResponse = z.object({ ...envelope, PolicyVersions: wrapped("PolicyVersion", PolicyVersion) });
export type ListPolicyVersionsResponse = z.output<typeof ListPolicyVersionsResponse>;

export const AttachedPolicy = z.object({
  PolicyName: text,
  PolicyType: text.optional(),
  Description: text.optional(),
  DefaultVersion: text.optional(),
  AttachDate: text.optional(),
});
export type AttachedPolicy = z.output<typeof AttachedPolicy>;

export const ListAttachedPoliciesResponse = z.object({ ...envelope, Policies: wrapped("Policy", AttachedPolicy) });
export type ListAttachedPoliciesResponse = z.output<typeof ListAttachedPoliciesResponse>;

export const User = z.object({
  UserName: text,
  UserId: text.optional(),
  DisplayName: text.optional(),
  MobilePhone: text.optional(),
  Email: text.optional(),
  Comments: text.optional(),
  CreateDate: text.optional(),
  UpdateDate: text.optional(),
  LastLoginDate: text.optional(),
});
export type User = z.output<typeof User>;

export const UserResponse = z.object({ ...envelope, User });
export type UserResponse = z.output<typeof UserResponse>;

export const AccessKey = z.object({
  AccessKeyId: text,
  /** Returned once, at creation; a secret. */
  AccessKeySecret: text,
  /** Active | Inactive. */
  Status: text.optional(),
  CreateDate: text.optional(),
});
export type AccessKey = z.output<typeof AccessKey>;

export const CreateAccessKeyResponse = z.object({ ...envelope, AccessKey });
export type CreateAccessKeyResponse = z.output<typeof CreateAccessKeyResponse>;
