/**
 * Checks a task must pass when it runs (not only when it was created), before any byte moves:
 * - the source tag still exists;
 * - a cross-account target still trusts the source: role, trust and policy (emulator/ram);
 * - the target namespace exists, and the repository exists or the namespace creates it on push;
 * - an existing target tag with other content under tag immutability, or without Override, is a
 *   TAG_CONFLICT.
 * Each failure is a SyncFailure whose issue names what is missing and how to fix it.
 */

import type { EmulatorRuntime } from "../core/runtime";
import { arn } from "../cr/arn";
import { entry } from "../cr/lookup";
import type { CrState, InstanceRecord, SyncTaskRecord } from "../cr/state";
import { createIdentityServices } from "../ram/cross-account";
import { ApiError } from "../core/context";
import { SyncFailure } from "./failure";

export interface Preflight {
  source: InstanceRecord;
  target: InstanceRecord;
  /** The digest the source tag points at, per the CR state. */
  sourceDigest: string;
  /** The digest the target tag points at now, if any. */
  targetDigest?: string;
}

function instance(state: CrState, instanceId: string, side: "source" | "target"): InstanceRecord {
  const found = entry(state.instances, instanceId);
  if (!found) throw new SyncFailure(side === "source" ? "SOURCE_NOT_FOUND" : "TARGET_NOT_FOUND", `the ${side} instance ${instanceId} no longer exists`);
  return found;
}

export function preflight(runtime: EmulatorRuntime, task: SyncTaskRecord): Preflight {
  const state = runtime.state.cr as CrState;
  const { from, to } = task;

  const source = instance(state, from.instanceId, "source");
  const sourceRepo = entry(entry(source.namespaces, from.namespaceName)?.repositories ?? {}, from.repoName);
  const sourceTag = sourceRepo ? entry(sourceRepo.tags, from.tag) : undefined;
  if (!sourceTag) {
    throw new SyncFailure("SOURCE_NOT_FOUND", `the source image ${from.namespaceName}/${from.repoName}:${from.tag} on ${from.instanceId} no longer exists; push it again`);
  }

  if (task.targetUid !== task.sourceUid) {
    const identity = createIdentityServices(runtime.state, () => runtime.clock.now());
    try {
      identity.assertCrossAccountSyncRole(
        task.targetUid,
        task.sourceUid,
        "cr:CreateRepositorySync",
        arn.targetInstance(to.regionId, task.targetUid, to.instanceId),
      );
    } catch (error) {
      if (error instanceof ApiError) throw new SyncFailure(error.code, `${error.message} (checked when the task ran)`);
      throw error;
    }
  }

  const target = instance(state, to.instanceId, "target");
  if (target.ownerUid !== task.targetUid) {
    throw new SyncFailure("TARGET_NOT_FOUND", `the target instance ${to.instanceId} does not belong to account ${task.targetUid}`);
  }
  const namespace = entry(target.namespaces, to.namespaceName);
  if (!namespace) {
    throw new SyncFailure(
      "NAMESPACE_NOT_EXIST",
      `the target namespace ${to.namespaceName} does not exist in instance ${to.instanceId}; create it (with AutoCreateRepo on) in the target instance`,
    );
  }
  const repo = entry(namespace.repositories, to.repoName);
  if (!repo && !namespace.autoCreateRepo) {
    throw new SyncFailure(
      "REPO_NOT_EXIST",
      `the target repository ${to.namespaceName}/${to.repoName} does not exist in instance ${to.instanceId} and namespace ${to.namespaceName} does not create repositories on push; create the repository or turn AutoCreateRepo on`,
    );
  }
  const targetTag = repo ? entry(repo.tags, to.tag) : undefined;
  if (targetTag && targetTag.digest !== sourceTag.digest && repo!.tagImmutability && to.tag !== "latest") {
    // Documented meaning of TAG_CONFLICT (acr-api.md §5.6): the tag exists and the repository is immutable.
    throw new SyncFailure("TAG_CONFLICT");
  }
  if (targetTag && targetTag.digest !== sourceTag.digest && !task.override) {
    // Emulator choice: the docs only say Override "controls overwriting" (acr-api.md §5.6). Without
    // it, an existing tag with other content ends the task in ERROR, reported as TAG_CONFLICT (the
    // documented code for "the destination tag exists"), and the target tag is left untouched.
    throw new SyncFailure("TAG_CONFLICT");
  }
  return { source, target, sourceDigest: sourceTag.digest, targetDigest: targetTag?.digest };
}
