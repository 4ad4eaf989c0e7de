/**
 * The CR business errors the handlers raise, in one place. They travel as HTTP 200 with
 * `IsSuccess:false` (acr-api.md §1.5) unless the docs give a status. Codes marked "documented" come
 * from the docs or Terraform; every other code is EMULATOR-CHOSEN (the docs name none), following
 * the documented UPPER_SNAKE style. Not-found codes end in `_NOT_EXIST` so clients that classify by
 * suffix (sdk/errors.ts `AcsError.isNotFound`) treat them alike; no other code ends that way.
 * Messages name the field and the fix, and never carry a password or token.
 */

import { ApiError, crError } from "../core/context";

export const CrCode = {
  // documented (Terraform, acr-api.md §1.5)
  InstanceNotExist: "INSTANCE_NOT_EXIST",
  NamespaceNotExist: "NAMESPACE_NOT_EXIST",
  RepoNotExist: "REPO_NOT_EXIST",
  // documented with HTTP 400 (CancelRepoSyncTask doc)
  SyncTaskNotExist: "SYNC_TASK_NOT_EXIST",
  // emulator-chosen
  TagNotExist: "TAG_NOT_EXIST",
  SyncRuleNotExist: "SYNC_RULE_NOT_EXIST",
  NamespaceAlreadyExist: "NAMESPACE_ALREADY_EXIST",
  RepoAlreadyExist: "REPO_ALREADY_EXIST",
  SyncRuleAlreadyExist: "SYNC_RULE_ALREADY_EXIST",
  NamespaceQuotaExceeded: "NAMESPACE_QUOTA_EXCEEDED",
  RepoQuotaExceeded: "REPO_QUOTA_EXCEEDED",
  NamespaceNameInvalid: "NAMESPACE_NAME_INVALID",
  RepoNameInvalid: "REPO_NAME_INVALID",
  PasswordInvalid: "PASSWORD_INVALID",
  ParamInvalid: "PARAM_INVALID",
  EditionNotSupport: "INSTANCE_EDITION_NOT_SUPPORT",
  RegionNotSupport: "SYNC_REGION_NOT_SUPPORT",
  SyncRuleDirectionNotSupport: "SYNC_RULE_DIRECTION_NOT_SUPPORT",
  SyncRuleTriggerNotSupport: "SYNC_RULE_TRIGGER_NOT_SUPPORT",
  SyncRuleNotMatch: "SYNC_RULE_NOT_MATCH",
  SyncTaskStatusNotSupport: "SYNC_TASK_STATUS_NOT_SUPPORT",
  TagImmutable: "TAG_IMMUTABLE",
  // Unverified names in the documented pattern (acr-api.md §1.5 "make up names consistently") [INF].
  LifecycleRuleNotExist: "ARTIFACT_LIFECYCLE_RULE_NOT_EXIST",
  TriggerNotExist: "TRIGGER_NOT_EXIST",
  TriggerAlreadyExist: "TRIGGER_ALREADY_EXIST",
} as const;
export type CrCode = (typeof CrCode)[keyof typeof CrCode];

export function crFail(code: CrCode, message: string): ApiError {
  return crError(code, message, code === CrCode.SyncTaskNotExist ? 400 : 200);
}

export const notFound = {
  instance: (id: string) => crFail(CrCode.InstanceNotExist, `Instance ${id} does not exist in this region for this account.`),
  namespace: (instanceId: string, name: string) =>
    crFail(CrCode.NamespaceNotExist, `Namespace ${name} does not exist in instance ${instanceId}.`),
  repo: (instanceId: string, what: string) => crFail(CrCode.RepoNotExist, `Repository ${what} does not exist in instance ${instanceId}.`),
  tag: (repo: string, tag: string) => crFail(CrCode.TagNotExist, `Tag ${tag} does not exist in repository ${repo}.`),
  syncRule: (instanceId: string, id: string) =>
    crFail(CrCode.SyncRuleNotExist, `Sync rule ${id} does not exist on instance ${instanceId}.`),
  // The documented message is "Sync task is not exist."; the ID is added for the reader.
  syncTask: (id: string) => crFail(CrCode.SyncTaskNotExist, `Sync task is not exist: ${id}.`),
  lifecycleRule: (instanceId: string, id: string) =>
    crFail(CrCode.LifecycleRuleNotExist, `Artifact lifecycle rule ${id} does not exist on instance ${instanceId}.`),
  trigger: (repoId: string, id: string) => crFail(CrCode.TriggerNotExist, `Trigger ${id} does not exist on repository ${repoId}.`),
};

/** A parameter whose value breaks a documented rule; the message names it and the rule. */
export function invalidParam(name: string, rule: string): ApiError {
  return crFail(CrCode.ParamInvalid, `${name} is invalid: ${rule}`);
}
