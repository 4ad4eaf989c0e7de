/**
 * Region rules for replication (seeds 000/002, acr-api.md §5.2): nothing replicates from a public
 * region into a Finance Cloud or Gov Cloud region. The kind is read from the region name.
 */
export type RegionKind = "public" | "finance" | "gov";

/** `cn-shanghai-finance-1` → finance, `cn-north-2-gov-1` → gov, anything else → public. */
export function regionKind(regionId: string): RegionKind {
  if (/-finance(-|$)/.test(regionId)) return "finance";
  if (/-gov(-|$)/.test(regionId)) return "gov";
  return "public";
}

/** Why a replication from `sourceRegionId` to `targetRegionId` is refused, or undefined when allowed. */
export function regionProblem(sourceRegionId: string, targetRegionId: string): string | undefined {
  const target = regionKind(targetRegionId);
  if (regionKind(sourceRegionId) === "public" && target !== "public") {
    return `cannot replicate from the public-cloud region ${sourceRegionId} into the ${target === "finance" ? "Finance Cloud" : "Gov Cloud"} region ${targetRegionId}: choose a public-cloud target region`;
  }
  return undefined;
}
