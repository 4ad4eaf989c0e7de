/**
 * Adding a repository, shared by CreateRepository and by a push into an AutoCreateRepo namespace
 * (record-tag.ts), so both obey the same name rule and instance quota.
 */

import { CrCode, crFail } from "./errors";
import { newRepoId } from "./ids";
import { entry, repoCount } from "./lookup";
import type { InstanceRecord, NamespaceRecord, RepositoryRecord, RepoType } from "./state";

export interface NewRepository {
  repoName: string;
  repoType: RepoType;
  summary: string;
  detail: string;
  tagImmutability: boolean;
  buildType: RepositoryRecord["buildType"];
}

/** Throws REPO_ALREADY_EXIST or REPO_QUOTA_EXCEEDED without changing anything. */
export function assertCanAddRepository(instance: InstanceRecord, namespace: NamespaceRecord, repoName: string): void {
  if (entry(namespace.repositories, repoName)) {
    throw crFail(CrCode.RepoAlreadyExist, `Repository ${namespace.namespaceName}/${repoName} already exists in instance ${instance.instanceId}.`);
  }
  const count = repoCount(instance);
  if (count >= instance.quota.repositories) {
    throw crFail(
      CrCode.RepoQuotaExceeded,
      `Instance ${instance.instanceId} (${instance.edition} Edition) already has ${count} of its ${instance.quota.repositories} repositories; delete one or upgrade the instance.`,
    );
  }
}

export function addRepository(instance: InstanceRecord, namespace: NamespaceRecord, fields: NewRepository, now: number): RepositoryRecord {
  assertCanAddRepository(instance, namespace, fields.repoName);
  const repo: RepositoryRecord = {
    repoId: newRepoId(),
    ...fields,
    status: "NORMAL",
    createTime: now,
    modifiedTime: now,
    tags: {},
  };
  namespace.repositories[fields.repoName] = repo;
  return repo;
}
