/**
 * What a push tells a repository's webhooks: which triggers fire for a tag, and the event body.
 * The HTTP calls, retries and status records are registry/webhook-sender.ts.
 *
 * - ALL fires for every tag; TAG_LIST for the listed tags; TAG_REG_EXP when the expression matches
 *   the WHOLE tag (seed 003: "release-v.*" fires for tags that start with release-v; the sync
 *   filters' anchoring, rules.ts).
 * - The body is the shape of Alibaba Cloud's Container Registry webhook notification (its help page
 *   "Webhook", not among the stored references): `push_data` {digest, pushed_at, tag} and
 *   `repository` {name, namespace, region, repo_full_name, repo_type, date_created, …}. The
 *   Enterprise Edition instance is added as `repository.instance_id` (emulator choice: the issue
 *   asks for it and the page shows none). Times are `YYYY-MM-DD HH:mm:ss` in UTC, as the page's
 *   format shows without a zone.
 */

import { deliveriesOf, MAX_DELIVERIES, triggersOf, type TriggerDeliveryRecord, type TriggerRecord } from "./governance-state";
import { triggerTagList } from "./handlers/triggers";
import { matchesFilter } from "./rules";
import type { InstanceRecord, RepositoryRecord } from "./state";

export function triggerFires(trigger: TriggerRecord, tag: string): boolean {
  if (trigger.triggerType === "ALL") return true;
  if (trigger.triggerType === "TAG_LIST") return triggerTagList(trigger.triggerTag).includes(tag);
  return matchesFilter(trigger.triggerTag, tag);
}

export function firingTriggers(repo: RepositoryRecord, tag: string): TriggerRecord[] {
  return Object.values(triggersOf(repo)).filter((t) => triggerFires(t, tag));
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

export interface PushedTag {
  instance: InstanceRecord;
  namespaceName: string;
  repo: RepositoryRecord;
  tag: string;
  /** `sha256:<hex>` */
  digest: string;
  /** Service-clock ms. */
  time: number;
}

export function pushEventBody(push: PushedTag): Record<string, unknown> {
  const { instance, namespaceName, repo } = push;
  return {
    push_data: { digest: push.digest, pushed_at: formatTime(push.time), tag: push.tag },
    repository: {
      date_created: formatTime(repo.createTime),
      instance_id: instance.instanceId,
      name: repo.repoName,
      namespace: namespaceName,
      region: instance.regionId,
      repo_authentication_type: "NO_CERTIFIED",
      repo_full_name: `${namespaceName}/${repo.repoName}`,
      repo_origin_type: "NO_CERTIFIED",
      repo_type: repo.repoType,
    },
  };
}

/** Starts a delivery record on the trigger (PENDING), dropping the oldest beyond MAX_DELIVERIES. */
export function startDelivery(trigger: TriggerRecord, push: PushedTag): TriggerDeliveryRecord {
  const delivery: TriggerDeliveryRecord = { tag: push.tag, digest: push.digest, time: push.time, status: "PENDING", attempts: 0, httpStatus: 0, error: "" };
  const deliveries = deliveriesOf(trigger);
  deliveries.push(delivery);
  deliveries.splice(0, Math.max(0, deliveries.length - MAX_DELIVERIES));
  return delivery;
}
