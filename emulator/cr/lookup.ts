/**
 * Finding records for a caller. An instance is visible only to its owner account and only in its
 * own region (the API is regional: `cr.<region>.aliyuncs.com`); anything else is
 * INSTANCE_NOT_EXIST, so nothing leaks about other accounts' instances.
 */

import { notFound } from "./errors";
import type { CrCallContext } from "./params";
import type { CrState, InstanceRecord, NamespaceRecord, RepositoryRecord } from "./state";

export function ownInstance(ctx: CrCallContext, instanceId: string): InstanceRecord {
  const instance = ctx.cr.instances[instanceId];
  if (!instance || instance.ownerUid !== ctx.caller.accountId || instance.regionId !== ctx.regionId) {
    throw notFound.instance(instanceId);
  }
  return instance;
}

/** Own-property lookup: a name such as `constructor` must not find Object.prototype members. */
export function entry<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function namespaceOf(instance: InstanceRecord, name: string): NamespaceRecord {
  const namespace = entry(instance.namespaces, name);
  if (!namespace) throw notFound.namespace(instance.instanceId, name);
  return namespace;
}

export interface RepoLocation {
  namespace: NamespaceRecord;
  repo: RepositoryRecord;
}

export function repoById(instance: InstanceRecord, repoId: string): RepoLocation | undefined {
  for (const namespace of Object.values(instance.namespaces)) {
    for (const repo of Object.values(namespace.repositories)) if (repo.repoId === repoId) return { namespace, repo };
  }
  return undefined;
}

export function repoByName(instance: InstanceRecord, namespaceName: string, repoName: string): RepoLocation | undefined {
  const namespace = entry(instance.namespaces, namespaceName);
  const repo = namespace && entry(namespace.repositories, repoName);
  return namespace && repo ? { namespace, repo } : undefined;
}

export function repoCount(instance: InstanceRecord): number {
  let count = 0;
  for (const namespace of Object.values(instance.namespaces)) count += Object.keys(namespace.repositories).length;
  return count;
}

/** An instance of any account, for the target end of a replication (callers check ownership). */
export function anyInstance(state: CrState, instanceId: string): InstanceRecord | undefined {
  return entry(state.instances, instanceId);
}
