/**
 * Response schemas for CR 2018-12-01: instances, namespaces, repositories, tags and login
 * credentials (replication lives in cr-sync-schemas.ts). Field names and types follow the official
 * TypeScript SDK models (see shared reference acr-api.md §3). Identifiers a caller relies on are
 * required; everything else is optional because the docs are incomplete. Timestamps (epoch ms)
 * and counts are normalised to numbers whichever form the operation uses.
 */

import { z } from "zod";
import { bool, envelope, jsonObject, list, num, text } from "./wire";

const crEnvelope = { ...envelope, Code: text.optional(), IsSuccess: bool.optional() };

/** Page fields; `TotalCount` is a string in ListNamespace/ListRepository/ListRepoTag, a number elsewhere. */
const page = { PageNo: num.optional(), PageSize: num.optional(), TotalCount: num.optional() };

const ResourceTag = z.object({ TagKey: text.optional(), TagValue: text.optional() });

const instanceFields = {
  InstanceId: text,
  InstanceName: text.optional(),
  /** `Enterprise_Basic` | `Enterprise_Standard` | `Enterprise_Advanced` (and probably `Enterprise_Economy`). */
  InstanceSpecification: text.optional(),
  /** PENDING, INIT_ERROR, STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED. */
  InstanceStatus: text.optional(),
  InstanceIssue: text.optional(),
  ResourceGroupId: text.optional(),
  /** A number in GetInstance, a string in ListInstance. */
  CreateTime: num.optional(),
  ModifiedTime: num.optional(),
  Tags: list(ResourceTag),
};

export const GetInstanceResponse = z.object({ ...crEnvelope, ...instanceFields });
export type GetInstanceResponse = z.output<typeof GetInstanceResponse>;

/** ListInstance items add `RegionId`, which GetInstance lacks. */
export const InstanceSummary = z.object({ ...instanceFields, RegionId: text.optional() });
export type InstanceSummary = z.output<typeof InstanceSummary>;

export const ListInstanceResponse = z.object({ ...crEnvelope, ...page, Instances: list(InstanceSummary) });
export type ListInstanceResponse = z.output<typeof ListInstanceResponse>;

export const GetInstanceEndpointResponse = z.object({
  ...crEnvelope,
  Enable: bool.optional(),
  Status: text.optional(),
  AclEnable: bool.optional(),
  AclEntries: list(z.object({ Entry: text.optional(), Comment: text.optional() })),
  /** System domains look like `<instance>-registry.<region>.cr.aliyuncs.com`. */
  Domains: list(z.object({ Domain: text, Type: text.optional() })),
});
export type GetInstanceEndpointResponse = z.output<typeof GetInstanceEndpointResponse>;

export const RepoConfiguration = z.object({
  RepoType: text.optional(),
  TagImmutability: bool.optional(),
  ArtifactBuildRuleParameters: z.object({ ImageIndexOnly: bool.optional() }).optional(),
});
export type RepoConfiguration = z.output<typeof RepoConfiguration>;

export const Namespace = z.object({
  InstanceId: text.optional(),
  NamespaceId: text.optional(),
  NamespaceName: text,
  /** NORMAL | DELETING (deletion is asynchronous). */
  NamespaceStatus: text.optional(),
  AutoCreateRepo: bool.optional(),
  /** Deprecated in favour of DefaultRepoConfiguration.RepoType. */
  DefaultRepoType: text.optional(),
  /** Documented as a nested object in responses; accepted as a JSON string too, as requests send it. */
  DefaultRepoConfiguration: jsonObject(RepoConfiguration).optional(),
  ResourceGroupId: text.optional(),
});
export type Namespace = z.output<typeof Namespace>;

export const GetNamespaceResponse = z.object({ ...crEnvelope, ...Namespace.shape });
export type GetNamespaceResponse = z.output<typeof GetNamespaceResponse>;

export const ListNamespaceResponse = z.object({ ...crEnvelope, ...page, Namespaces: list(Namespace) });
export type ListNamespaceResponse = z.output<typeof ListNamespaceResponse>;

export const CreateRepositoryResponse = z.object({ ...crEnvelope, RepoId: text });
export type CreateRepositoryResponse = z.output<typeof CreateRepositoryResponse>;

export const Repository = z.object({
  RepoId: text,
  RepoName: text,
  RepoNamespaceName: text,
  InstanceId: text.optional(),
  /** PUBLIC | PRIVATE. */
  RepoType: text.optional(),
  /** NORMAL | DELETING | DELETED. */
  RepoStatus: text.optional(),
  /** MANUAL (API/console) | AUTO (created by a push into an auto-create namespace). */
  RepoBuildType: text.optional(),
  Summary: text.optional(),
  /** Present in GetRepository only; list items omit it. */
  Detail: text.optional(),
  TagImmutability: bool.optional(),
  CreateTime: num.optional(),
  ModifiedTime: num.optional(),
  ResourceGroupId: text.optional(),
});
export type Repository = z.output<typeof Repository>;

export const GetRepositoryResponse = z.object({ ...crEnvelope, ...Repository.shape });
export type GetRepositoryResponse = z.output<typeof GetRepositoryResponse>;

/** `MaxResults`/`NextToken` are an undocumented token-style alternative to PageNo; echoed when used. */
const tokenPage = { MaxResults: num.optional(), NextToken: text.optional() };

export const ListRepositoryResponse = z.object({ ...crEnvelope, ...page, ...tokenPage, Repositories: list(Repository) });
export type ListRepositoryResponse = z.output<typeof ListRepositoryResponse>;

export const Image = z.object({
  Tag: text,
  /** 64 hex characters, without a `sha256:` prefix in the documented examples. */
  Digest: text.optional(),
  ImageId: text.optional(),
  ImageSize: num.optional(),
  /** Strings in ListRepoTag, numbers in GetRepoTag; both normalised to epoch ms numbers. */
  ImageCreate: num.optional(),
  ImageUpdate: num.optional(),
  Status: text.optional(),
});
export type Image = z.output<typeof Image>;

export const ListRepoTagResponse = z.object({ ...crEnvelope, ...page, ...tokenPage, Images: list(Image) });
export type ListRepoTagResponse = z.output<typeof ListRepoTagResponse>;

export const GetAuthorizationTokenResponse = z.object({
  ...crEnvelope,
  TempUsername: text,
  /** The password for `docker login`; a secret. */
  AuthorizationToken: text,
  /** Epoch ms. */
  ExpireTime: num.optional(),
});
export type GetAuthorizationTokenResponse = z.output<typeof GetAuthorizationTokenResponse>;
