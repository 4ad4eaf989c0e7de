/**
 * Response schemas for CR replication: sync rules (crsr-) and sync tasks (rst-). See shared
 * reference acr-api.md §3.5–3.6. There is no GetRepoSyncRule; rules are found by listing.
 */

import { z } from "zod";
import { bool, envelope, list, num, text } from "./wire";

const crEnvelope = { ...envelope, Code: text.optional(), IsSuccess: bool.optional() };
const page = { PageNo: num.optional(), PageSize: num.optional(), TotalCount: num.optional() };

export const CreateRepoSyncRuleResponse = z.object({ ...crEnvelope, SyncRuleId: text });
export type CreateRepoSyncRuleResponse = z.output<typeof CreateRepoSyncRuleResponse>;

export const SyncRule = z.object({
  SyncRuleId: text,
  SyncRuleName: text.optional(),
  /** REPO | NAMESPACE. */
  SyncScope: text.optional(),
  /** PASSIVE (on push) | INITIATIVE (manual). */
  SyncTrigger: text.optional(),
  /** FROM: this instance is the source; TO: the destination. One rule is listed on both sides. */
  SyncDirection: text.optional(),
  TagFilter: text.optional(),
  RepoNameFilter: text.optional(),
  CrossUser: bool.optional(),
  LinkId: text.optional(),
  /** Local* is always the source side. */
  LocalRegionId: text.optional(),
  LocalInstanceId: text.optional(),
  LocalNamespaceName: text.optional(),
  LocalRepoName: text.optional(),
  TargetRegionId: text.optional(),
  TargetInstanceId: text.optional(),
  TargetNamespaceName: text.optional(),
  TargetRepoName: text.optional(),
  CreateTime: num.optional(),
  ModifiedTime: num.optional(),
});
export type SyncRule = z.output<typeof SyncRule>;

export const ListRepoSyncRuleResponse = z.object({ ...crEnvelope, ...page, SyncRules: list(SyncRule) });
export type ListRepoSyncRuleResponse = z.output<typeof ListRepoSyncRuleResponse>;

export const CreateRepoSyncTaskResponse = z.object({ ...crEnvelope, SyncTaskId: text });
export type CreateRepoSyncTaskResponse = z.output<typeof CreateRepoSyncTaskResponse>;

export const ImageRef = z.object({
  RegionId: text.optional(),
  InstanceId: text.optional(),
  RepoNamespaceName: text.optional(),
  RepoName: text.optional(),
  ImageTag: text.optional(),
});
export type ImageRef = z.output<typeof ImageRef>;

export const LayerTask = z.object({
  SyncLayerTaskId: text.optional(),
  Digest: text.optional(),
  ArtifactDigest: text.optional(),
  Size: num.optional(),
  SyncedSize: num.optional(),
  TaskStatus: text.optional(),
});
export type LayerTask = z.output<typeof LayerTask>;

const taskFields = {
  SyncTaskId: text,
  SyncRuleId: text.optional(),
  /** Shared by the tasks one pushed image started; the `SyncRecordId` filter of ListRepoSyncTask. */
  SyncBatchTaskId: text.optional(),
  /** PENDING | SYNCHRONIZING | SUCCESS | ERROR | CANCELED. */
  TaskStatus: text.optional(),
  /** PASSIVE | INITIATIVE. */
  TaskTrigger: text.optional(),
  /** Set on failure, e.g. TAG_CONFLICT, NETWORK_ERROR. */
  TaskIssue: text.optional(),
  CrossUser: bool.optional(),
  SyncTransAccelerate: bool.optional(),
  ImageFrom: ImageRef.optional(),
  ImageTo: ImageRef.optional(),
};

/** GetRepoSyncTask has no timestamps (the official SDK's struct and the docs agree); list items do. */
export const GetRepoSyncTaskResponse = z.object({
  ...crEnvelope,
  ...taskFields,
  /** 0 at start or on failure, 1 when done; fractions in between are possible. */
  Progress: num.optional(),
  SyncedSize: num.optional(),
  LayerTasks: list(LayerTask),
});
export type GetRepoSyncTaskResponse = z.output<typeof GetRepoSyncTaskResponse>;

/**
 * List items carry the misspelt duplicate `ModifedTime` (sic); it is folded into `ModifiedTime`
 * when the correct field is missing, and not kept.
 */
export const SyncTaskSummary = z
  .object({ ...taskFields, CreateTime: num.optional(), ModifiedTime: num.optional(), CustomLink: bool.optional(), LinkId: text.optional(), ModifedTime: num.optional() })
  .transform(({ ModifedTime, ...task }) => ({ ...task, ModifiedTime: task.ModifiedTime ?? ModifedTime }));
export type SyncTaskSummary = z.output<typeof SyncTaskSummary>;

export const ListRepoSyncTaskResponse = z.object({ ...crEnvelope, ...page, SyncTasks: list(SyncTaskSummary) });
export type ListRepoSyncTaskResponse = z.output<typeof ListRepoSyncTaskResponse>;
