/**
 * Where a replication may go (acr-api.md §5; seeds 000, 001, 002). Shared by sync rules and
 * one-off sync tasks:
 * - the source must be an Advanced (Premium) Edition instance;
 * - a public region cannot replicate into a Finance or Gov region;
 * - same account: the target instance must be the caller's, in `TargetRegionId`;
 * - cross account (`TargetUserId` ≠ the caller's account UID — the main account's UID even for a RAM
 *   user, per seed 000): the target account must exist and its role
 *   `aliyuncontainerregistrycrossaccoutsyncrole` must let the source account do `ramAction` on the
 *   target instance; only then is the target looked up, so nothing about an account leaks to a
 *   source it has not authorised.
 */

import { arn } from "./arn";
import { canReplicateBetween, canReplicateFrom, regionKind } from "./editions";
import { CrCode, crFail, invalidParam, notFound } from "./errors";
import { anyInstance, entry } from "./lookup";
import type { CrCallContext } from "./params";
import type { InstanceRecord, NamespaceRecord } from "./state";

export type SyncRamAction = "cr:CreateSyncRule" | "cr:CreateRepositorySync";

export interface TargetRequest {
  regionId: string;
  instanceId: string;
  /** Absent: the caller's own account. */
  userId?: string;
}

export interface ResolvedTarget {
  instance: InstanceRecord;
  targetUid: string;
  crossUser: boolean;
}

export function assertReplicationSource(source: InstanceRecord, targetRegionId: string): void {
  if (!canReplicateFrom(source.edition)) {
    throw crFail(
      CrCode.EditionNotSupport,
      `Instance ${source.instanceId} is a ${source.edition} Edition instance; replication needs an Advanced (Premium) Edition source. Upgrade the source instance.`,
    );
  }
  if (!canReplicateBetween(source.regionId, targetRegionId)) {
    throw crFail(
      CrCode.RegionNotSupport,
      `Images cannot be replicated from the public-cloud region ${source.regionId} to the ${regionKind(targetRegionId)} region ${targetRegionId}.`,
    );
  }
}

export function resolveTarget(ctx: CrCallContext, source: InstanceRecord, request: TargetRequest, ramAction: SyncRamAction): ResolvedTarget {
  assertReplicationSource(source, request.regionId);
  const sourceUid = ctx.caller.accountId;
  const targetUid = request.userId ?? sourceUid;
  const crossUser = targetUid !== sourceUid;
  if (crossUser) {
    if (!ctx.identity.accountExists(targetUid)) throw invalidParam("TargetUserId", `no account ${targetUid} exists.`);
    ctx.identity.assertCrossAccountSyncRole(
      targetUid,
      sourceUid,
      ramAction,
      arn.targetInstance(request.regionId, targetUid, request.instanceId),
    );
  }
  const target = anyInstance(ctx.cr, request.instanceId);
  if (!target || target.ownerUid !== targetUid || target.regionId !== request.regionId) {
    throw crFail(
      CrCode.InstanceNotExist,
      `Target instance ${request.instanceId} does not exist in region ${request.regionId} of account ${targetUid}.`,
    );
  }
  // Emulator choice: the docs only describe replication between two instances.
  if (target.instanceId === source.instanceId) throw invalidParam("TargetInstanceId", "use an instance other than the source.");
  return { instance: target, targetUid, crossUser };
}

export function targetNamespace(target: InstanceRecord, name: string): NamespaceRecord {
  const namespace = entry(target.namespaces, name);
  if (!namespace) throw notFound.namespace(target.instanceId, name);
  return namespace;
}
