/**
 * What the service demands of a replication (seeds 000/002, acr-api.md §5.2), checked before anything
 * is written so the user gets the reason and the fix instead of a half-made setup: a cross-account
 * target that really is another account, an Advanced edition source instance, and no public-cloud
 * source replicating into Finance or Gov regions.
 */
import type { AcrClients } from "../../clients";
import { ProviderError } from "../../errors";
import { regionProblem } from "./regions";

/** `InstanceSpecification` of an Advanced (Premium) instance on the wire. */
const ADVANCED = "Enterprise_Advanced";

export interface ReplicationEnds {
  instanceId: string;
  targetRegionId: string;
  targetUserId?: string;
}

export async function checkReplicationSource(clients: AcrClients, { instanceId, targetRegionId, targetUserId }: ReplicationEnds): Promise<void> {
  if (targetUserId !== undefined && (await clients.accountId()) === targetUserId) {
    throw new ProviderError(`targetUserId ${targetUserId} is the source account itself: leave targetUserId out for a same-account replication, or give the destination account's UID`, {
      field: "targetUserId",
      code: "InvalidInput",
    });
  }
  const { cr } = clients;
  // ListInstance, not GetInstance: only its items carry RegionId.
  const source = (await cr.listAllInstances()).find((instance) => instance.InstanceId === instanceId);
  if (!source) return; // not visible in this region's listing: let the service judge
  const spec = source.InstanceSpecification;
  // An unknown specification is left to the service rather than refused on a guess.
  if (spec && spec.startsWith("Enterprise_") && spec !== ADVANCED) {
    throw new ProviderError(
      `instanceId: ${instanceId} is ${spec.slice("Enterprise_".length)} edition, but replication needs an Advanced edition source instance: upgrade it, or replicate from an Advanced instance`,
      { field: "instanceId", code: "InvalidInput" },
    );
  }
  const problem = source.RegionId ? regionProblem(source.RegionId, targetRegionId) : undefined;
  if (problem) throw new ProviderError(`targetRegionId ${problem}`, { field: "targetRegionId", code: "InvalidInput" });
}
