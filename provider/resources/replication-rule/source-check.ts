/**
 * What the service demands of a replication source (seeds 000/002, acr-api.md §5.2), checked before
 * anything is written so the user gets the reason and the fix instead of a half-made setup: the source
 * instance must be Advanced edition, and a public-cloud source cannot reach Finance or Gov regions.
 */
import type { CrClient } from "../../../sdk/clients";
import { ProviderError } from "../../errors";
import { regionProblem } from "./regions";

/** `InstanceSpecification` of an Advanced (Premium) instance on the wire. */
const ADVANCED = "Enterprise_Advanced";

export async function checkReplicationSource(cr: CrClient, instanceId: string, targetRegionId: string): Promise<void> {
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
