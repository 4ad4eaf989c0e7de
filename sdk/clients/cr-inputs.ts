/**
 * Request parameters for CR 2018-12-01, named exactly as on the wire so nothing is lost in
 * translation (note `TargetNamespace` in CreateRepoSyncTask against `TargetNamespaceName` in
 * CreateRepoSyncRule: that is the API's own spelling). Booleans and numbers are sent as
 * `true`/`false` and decimal strings.
 */

export type Paging = { PageNo?: number; PageSize?: number };

export type ListInstanceInput = Paging & {
  InstanceName?: string;
  InstanceStatus?: string;
  ResourceGroupId?: string;
};

export type GetInstanceEndpointInput = {
  InstanceId: string;
  /** Only `internet` is supported by the service. */
  EndpointType: string;
  /** `Registry` | `Chart`. */
  ModuleName?: string;
};

/** Sent as a JSON string; a string given here is passed through unchanged. */
export type RepoConfigurationInput = {
  RepoType: "PUBLIC" | "PRIVATE";
  TagImmutability: boolean;
  ArtifactBuildRuleParameters?: { ImageIndexOnly: boolean };
};

export type CreateNamespaceInput = {
  InstanceId: string;
  NamespaceName: string;
  AutoCreateRepo?: boolean;
  /** Deprecated by the service in favour of DefaultRepoConfiguration. */
  DefaultRepoType?: "PUBLIC" | "PRIVATE";
  DefaultRepoConfiguration?: RepoConfigurationInput | string;
};

export type UpdateNamespaceInput = CreateNamespaceInput;

/** Look-up by name (what Terraform does) or by ID. */
export type GetNamespaceInput = { InstanceId: string; NamespaceName?: string; NamespaceId?: string };

export type DeleteNamespaceInput = { InstanceId: string; NamespaceName: string };

export type ListNamespaceInput = Paging & {
  InstanceId: string;
  NamespaceName?: string;
  /** NORMAL | DELETING. */
  NamespaceStatus?: string;
};

export type CreateRepositoryInput = {
  InstanceId: string;
  RepoNamespaceName: string;
  RepoName: string;
  RepoType: "PUBLIC" | "PRIVATE";
  Summary: string;
  Detail?: string;
  TagImmutability?: boolean;
};

/** A repository is named by `RepoId`, or by `RepoNamespaceName` + `RepoName`. */
export type RepoLocator =
  | { InstanceId: string; RepoId: string; RepoNamespaceName?: undefined; RepoName?: undefined }
  | { InstanceId: string; RepoId?: undefined; RepoNamespaceName: string; RepoName: string };

export type UpdateRepositoryInput = RepoLocator & {
  RepoType: "PUBLIC" | "PRIVATE";
  Summary: string;
  Detail?: string;
  TagImmutability?: boolean;
};

export type ListRepositoryInput = Paging & {
  InstanceId: string;
  RepoNamespaceName?: string;
  RepoName?: string;
  /** NORMAL | DELETING | DELETED | ALL. */
  RepoStatus?: string;
  MaxResults?: number;
  NextToken?: string;
};

export type ListRepoTagInput = Paging & { InstanceId: string; RepoId: string; MaxResults?: number; NextToken?: string };

export type DeleteRepoTagInput = { InstanceId: string; RepoId: string; Tag: string };

export type GetAuthorizationTokenInput = { InstanceId: string; ExpiresInHours?: number };

export type ResetLoginPasswordInput = { InstanceId: string; Password: string };

export type CreateRepoSyncRuleInput = {
  InstanceId: string;
  NamespaceName: string;
  RepoName?: string;
  RepoNameFilter?: string;
  TagFilter: string;
  SyncRuleName: string;
  SyncScope: "REPO" | "NAMESPACE";
  SyncTrigger?: "PASSIVE" | "INITIATIVE";
  TargetRegionId: string;
  TargetInstanceId: string;
  TargetNamespaceName: string;
  TargetRepoName?: string;
  /** Destination account UID; required for cross-account replication. */
  TargetUserId?: string;
  LinkId?: string;
};

export type ListRepoSyncRuleInput = Paging & {
  InstanceId: string;
  NamespaceName?: string;
  RepoName?: string;
  TargetInstanceId?: string;
  TargetRegionId?: string;
};

export type DeleteRepoSyncRuleInput = { InstanceId: string; SyncRuleId: string };

export type CreateRepoSyncTaskInput = {
  InstanceId: string;
  RepoId: string;
  Tag: string;
  TargetRegionId: string;
  TargetInstanceId: string;
  TargetNamespace: string;
  TargetRepoName: string;
  TargetTag: string;
  Override?: boolean;
  TargetUserId?: string;
};

export type CreateRepoSyncTaskByRuleInput = {
  InstanceId: string;
  RepoId: string;
  SyncRuleId: string;
  Tag: string;
  /** 1–5, in newer docs only. */
  Priority?: number;
};

export type SyncTaskRef = { InstanceId: string; SyncTaskId: string };

export type ListRepoSyncTaskInput = Paging & {
  InstanceId: string;
  RepoNamespaceName?: string;
  RepoName?: string;
  Tag?: string;
  /** The SyncBatchTaskId shared by the tasks one push started. */
  SyncRecordId?: string;
};

/** CreateNamespace/UpdateNamespace send the configuration as one JSON-string parameter. */
export function encodeNamespaceInput<T extends CreateNamespaceInput>(input: T): Record<string, unknown> {
  const { DefaultRepoConfiguration: config, ...rest } = input;
  return config === undefined ? rest : { ...rest, DefaultRepoConfiguration: typeof config === "string" ? config : JSON.stringify(config) };
}
