/**
 * Records → wire shapes, with the JSON types the official SDK models declare (acr-api.md §3, §6):
 * ListInstance timestamps are strings while GetInstance's are numbers; ListRepoTag's ImageCreate/
 * ImageUpdate are strings while GetRepoTag's are numbers; ListRepoSyncTask repeats ModifiedTime as
 * the misspelt `ModifedTime`; digests are shown without the `sha256:` prefix.
 */

import { instanceSpecification } from "./editions";
import type {
  ImageRefRecord,
  InstanceRecord,
  NamespaceRecord,
  RepoConfigurationRecord,
  RepositoryRecord,
  SyncRuleRecord,
  SyncTaskRecord,
  TagRecord,
} from "./state";

export function instanceFields(instance: InstanceRecord): Record<string, unknown> {
  return {
    InstanceId: instance.instanceId,
    InstanceName: instance.instanceName,
    InstanceSpecification: instanceSpecification(instance.edition),
    InstanceStatus: instance.status,
    InstanceIssue: "",
    ResourceGroupId: instance.resourceGroupId,
    CreateTime: instance.createTime,
    ModifiedTime: instance.modifiedTime,
    Tags: [],
  };
}

export function instanceListItem(instance: InstanceRecord): Record<string, unknown> {
  return {
    ...instanceFields(instance),
    RegionId: instance.regionId,
    CreateTime: String(instance.createTime),
    ModifiedTime: String(instance.modifiedTime),
  };
}

function repoConfiguration(config: RepoConfigurationRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { RepoType: config.repoType, TagImmutability: config.tagImmutability };
  if (config.imageIndexOnly !== undefined) out.ArtifactBuildRuleParameters = { ImageIndexOnly: config.imageIndexOnly };
  return out;
}

export function namespaceFields(instance: InstanceRecord, namespace: NamespaceRecord): Record<string, unknown> {
  return {
    InstanceId: instance.instanceId,
    NamespaceId: namespace.namespaceId,
    NamespaceName: namespace.namespaceName,
    NamespaceStatus: namespace.status,
    AutoCreateRepo: namespace.autoCreateRepo,
    DefaultRepoType: namespace.defaultRepoConfiguration.repoType,
    DefaultRepoConfiguration: repoConfiguration(namespace.defaultRepoConfiguration),
    ResourceGroupId: instance.resourceGroupId,
  };
}

/** List items omit `Detail` (acr-api.md §3.3). */
export function repositoryListItem(instance: InstanceRecord, namespace: NamespaceRecord, repo: RepositoryRecord): Record<string, unknown> {
  return {
    RepoId: repo.repoId,
    RepoName: repo.repoName,
    RepoNamespaceName: namespace.namespaceName,
    InstanceId: instance.instanceId,
    RepoType: repo.repoType,
    RepoStatus: repo.status,
    RepoBuildType: repo.buildType,
    Summary: repo.summary,
    TagImmutability: repo.tagImmutability,
    CreateTime: repo.createTime,
    ModifiedTime: repo.modifiedTime,
    ResourceGroupId: instance.resourceGroupId,
  };
}

export function repositoryFields(instance: InstanceRecord, namespace: NamespaceRecord, repo: RepositoryRecord): Record<string, unknown> {
  return { ...repositoryListItem(instance, namespace, repo), Detail: repo.detail };
}

const bareDigest = (digest: string) => digest.replace(/^sha256:/, "");

export function tagFields(tag: TagRecord, timesAs: "string" | "number"): Record<string, unknown> {
  const time = (ms: number) => (timesAs === "string" ? String(ms) : ms);
  return {
    Tag: tag.tag,
    Digest: bareDigest(tag.digest),
    ImageId: bareDigest(tag.imageId),
    ImageSize: tag.size,
    ImageCreate: time(tag.createTime),
    ImageUpdate: time(tag.updateTime),
    Status: tag.status,
  };
}

export function syncRuleFields(rule: SyncRuleRecord, direction: "FROM" | "TO"): Record<string, unknown> {
  return {
    SyncRuleId: rule.syncRuleId,
    SyncRuleName: rule.syncRuleName,
    SyncScope: rule.syncScope,
    SyncTrigger: rule.syncTrigger,
    SyncDirection: direction,
    TagFilter: rule.tagFilter,
    RepoNameFilter: rule.repoNameFilter,
    CrossUser: rule.sourceUid !== rule.targetUid,
    LinkId: rule.linkId,
    LocalRegionId: rule.source.regionId,
    LocalInstanceId: rule.source.instanceId,
    LocalNamespaceName: rule.source.namespaceName,
    LocalRepoName: rule.source.repoName,
    TargetRegionId: rule.target.regionId,
    TargetInstanceId: rule.target.instanceId,
    TargetNamespaceName: rule.target.namespaceName,
    TargetRepoName: rule.target.repoName,
    CreateTime: rule.createTime,
    ModifiedTime: rule.modifiedTime,
  };
}

function imageRef(ref: ImageRefRecord): Record<string, unknown> {
  return {
    RegionId: ref.regionId,
    InstanceId: ref.instanceId,
    RepoNamespaceName: ref.namespaceName,
    RepoName: ref.repoName,
    ImageTag: ref.tag,
  };
}

function taskCommon(task: SyncTaskRecord): Record<string, unknown> {
  return {
    SyncTaskId: task.syncTaskId,
    SyncRuleId: task.syncRuleId,
    SyncBatchTaskId: task.syncBatchTaskId,
    TaskStatus: task.status,
    TaskTrigger: task.trigger,
    TaskIssue: task.issue,
    CrossUser: task.sourceUid !== task.targetUid,
    SyncTransAccelerate: false,
    ImageFrom: imageRef(task.from),
    ImageTo: imageRef(task.to),
  };
}

/**
 * GetRepoSyncTask has no timestamps: neither the official SDK's struct (cr-20181201 v2.5.0) nor the
 * docs (acr-api.md GetRepoSyncTask) have them; only list items carry CreateTime/ModifiedTime.
 */
export function syncTaskFields(task: SyncTaskRecord): Record<string, unknown> {
  return {
    ...taskCommon(task),
    Progress: task.progress,
    SyncedSize: task.syncedSize,
    LayerTasks: task.layerTasks.map((layer) => ({
      SyncLayerTaskId: layer.syncLayerTaskId,
      Digest: layer.digest,
      ArtifactDigest: layer.artifactDigest,
      Size: layer.size,
      SyncedSize: layer.syncedSize,
      TaskStatus: layer.status,
    })),
  };
}

/**
 * List items carry no Progress or LayerTasks; they add the timestamps, the link fields and the
 * `ModifedTime` typo (the SDK's only spelling; acr-api.md lists both).
 */
export function syncTaskListItem(task: SyncTaskRecord): Record<string, unknown> {
  return { ...taskCommon(task), CreateTime: task.createTime, ModifiedTime: task.modifiedTime, CustomLink: false, LinkId: "", ModifedTime: task.modifiedTime };
}
