/** Small helpers every RAM handler uses: the caller's account state, timestamps, ARNs, paging. */

import { formatTimestamp } from "../../sdk/signing";
import type { ServiceContext } from "../core/services";
import type { AccountState } from "../core/state";
import { ramErrors } from "./errors";
import { RAM_LENGTHS } from "./limits";
import type { PolicyType } from "./state";
import { integer } from "./validate";

/** RAM calls act on the caller's own account. */
export function accountOf(ctx: ServiceContext): AccountState {
  const account = ctx.state.accounts[ctx.caller.accountId];
  if (!account) throw new Error(`caller account ${ctx.caller.accountId} is missing from the state`);
  return account;
}

export function stamp(ctx: ServiceContext): string {
  return formatTimestamp(ctx.now);
}

/** Resource ARNs for authorisation; the role ARN is also the role's `Arn` field. */
export const arn = {
  role: (uid: string, name: string) => `acs:ram::${uid}:role/${name}`,
  user: (uid: string, name: string) => `acs:ram::${uid}:user/${name}`,
  /** System policies belong to no account; `system` stands in for the account part. */
  policy: (uid: string, name: string, type: PolicyType = "Custom") => `acs:ram::${type === "System" ? "system" : uid}:policy/${name}`,
};

export interface Page<T> {
  items: T[];
  /** Present only when more items follow. */
  marker?: string;
}

/**
 * Marker paging (ListRoles and friends): items in a stable order, the marker is an opaque token
 * naming the last item returned. `InvalidParameter.Marker` / `.MaxItems` are emulator-chosen codes.
 */
export function paginate<T>(params: Record<string, string>, items: T[], keyOf: (item: T) => string): Page<T> {
  const maxItems = integer(params, "MaxItems", 1, RAM_LENGTHS.maxItems) ?? 100;
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (params.Marker) {
    let after: string;
    try {
      after = Buffer.from(params.Marker, "base64url").toString("utf8");
    } catch {
      throw ramErrors.invalid("Marker", "The parameter Marker is not valid.");
    }
    if (!after) throw ramErrors.invalid("Marker", "The parameter Marker is not valid.");
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  const pageItems = sorted.slice(start, start + maxItems);
  const truncated = start + maxItems < sorted.length;
  const last = pageItems[pageItems.length - 1];
  return { items: pageItems, marker: truncated && last ? Buffer.from(keyOf(last), "utf8").toString("base64url") : undefined };
}

export function pageFields(page: Page<unknown>): Record<string, unknown> {
  return page.marker ? { IsTruncated: true, Marker: page.marker } : { IsTruncated: false };
}
