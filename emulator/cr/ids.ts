/**
 * Resource IDs in the documented shapes (acr-api.md §2.1): a prefix and 16 lower-case
 * alphanumerics — `crn-` namespace, `crr-` repository, `crsr-` sync rule, `rst-` sync task,
 * `rslt-` layer task, `cralr-` lifecycle rule, `crw-` trigger — and a UUID for a sync batch.
 */

import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function suffix(length = 16): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

export const newNamespaceId = () => `crn-${suffix()}`;
export const newRepoId = () => `crr-${suffix()}`;
export const newSyncRuleId = () => `crsr-${suffix()}`;
export const newSyncTaskId = () => `rst-${suffix()}`;
export const newLayerTaskId = () => `rslt-${suffix()}`;
export const newSyncBatchId = () => randomUUID();
export const newLifecycleRuleId = () => `cralr-${suffix()}`;
export const newTriggerId = () => `crw-${suffix()}`;
