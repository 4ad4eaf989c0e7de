/**
 * Platform filters such as `linux/amd64` or `linux/arm64/v8`, matched against index entries. A
 * filter without a variant matches every variant; `os.version` is never compared (the copy engine
 * filters, it does not pick the best match for a host the way a runtime does).
 */

import type { Descriptor, Platform } from "./manifest";

export interface PlatformFilter {
  os: string;
  architecture: string;
  variant?: string;
}

export function parsePlatform(text: string): PlatformFilter {
  const parts = text.trim().split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.length === 0)) {
    throw new TypeError(`platform "${text}" is not os/arch or os/arch/variant`);
  }
  return { os: parts[0]!, architecture: parts[1]!, variant: parts[2] };
}

export function formatPlatform(platform: Platform | undefined): string {
  if (!platform) return "unknown";
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

export function platformMatches(platform: Platform | undefined, filter: PlatformFilter): boolean {
  if (!platform) return false;
  if (platform.os !== filter.os || platform.architecture !== filter.architecture) return false;
  return filter.variant === undefined || platform.variant === filter.variant;
}

/** The index entries that at least one filter accepts, in the index's own order. */
export function selectPlatforms(manifests: readonly Descriptor[], filters: readonly PlatformFilter[]): Descriptor[] {
  return manifests.filter((m) => filters.some((f) => platformMatches(m.platform, f)));
}
