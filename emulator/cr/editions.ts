/**
 * What an instance's edition and region allow: namespace and repository quotas, and which
 * replications the product refuses (seeds 000/002: the source must be Advanced, called Premium in
 * the English docs; nothing may replicate from a public region into a Finance or Gov region).
 */

import type { InstanceEdition } from "../core/seed";

export interface InstanceQuota {
  namespaces: number;
  repositories: number;
}

const QUOTAS: Record<InstanceEdition, InstanceQuota> = {
  // Emulator-chosen: no stored doc gives Basic Edition limits (acr-api.md §2.3); only "lower than Standard" is known.
  Basic: { namespaces: 3, repositories: 1_000 },
  // Seed 003 §1, "Limits for a single user": 15 namespaces / 2,000 repositories; 1,000 / 100,000.
  Standard: { namespaces: 15, repositories: 2_000 },
  Advanced: { namespaces: 1_000, repositories: 100_000 },
};

/** A fresh copy: quotas live in the (mutable, persisted) instance record so a test can lower them. */
export function editionQuota(edition: InstanceEdition): InstanceQuota {
  return { ...QUOTAS[edition] };
}

/** `InstanceSpecification` on the wire. */
export function instanceSpecification(edition: InstanceEdition): string {
  return `Enterprise_${edition}`;
}

export type RegionKind = "public" | "finance" | "gov";

/** `cn-shanghai-finance-1`, `cn-hangzhou-finance` → finance; `cn-north-2-gov-1` → gov (acr-api.md §1.1). */
export function regionKind(regionId: string): RegionKind {
  if (/-finance(-|$)/.test(regionId)) return "finance";
  if (/-gov(-|$)/.test(regionId)) return "gov";
  return "public";
}

/** Seeds 000 and 002 both list "Premium (Advanced) Edition source" for every replication, manual or automatic. */
export function canReplicateFrom(edition: InstanceEdition): boolean {
  return edition === "Advanced";
}

/** Public → Finance/Gov is refused (seeds 000, 002); the docs say nothing of other directions, so they pass. */
export function canReplicateBetween(sourceRegion: string, targetRegion: string): boolean {
  return !(regionKind(sourceRegion) === "public" && regionKind(targetRegion) !== "public");
}
