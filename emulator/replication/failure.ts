/**
 * Why a sync task failed, as the `TaskIssue` it records. The documented issue codes (acr-api.md
 * §3.6) are kept bare when the outcome is exactly the documented one (TAG_CONFLICT), so clients can
 * switch on them; every other failure is `<CODE>: <readable reason>` so GetRepoSyncTask says what
 * went wrong and how to fix it.
 */

import { DigestMismatchError, OciError, RegistryError, TagConflictError } from "../../sdk/oci";
import { ApiError } from "../core/context";

export type IssueCode =
  | "TAG_CONFLICT"
  | "NETWORK_ERROR"
  | "INTERNAL_ERROR"
  | "UNSUPPORTED_FORMAT"
  | "DATA_CORRUPTED"
  | "TARGET_NOT_FOUND"
  | "SOURCE_NOT_FOUND"
  | string;

/** A task failure decided by the executor, with the issue it records. */
export class SyncFailure extends Error {
  constructor(
    readonly code: IssueCode,
    readonly reason?: string,
  ) {
    super(reason ? `${code}: ${reason}` : code);
    this.name = "SyncFailure";
  }

  get issue(): string {
    return this.message;
  }
}

/** Turns whatever the copy threw into the task's issue; never includes credentials (the sdk redacts URLs). */
export function issueOf(error: unknown): string {
  if (error instanceof SyncFailure) return error.issue;
  if (error instanceof ApiError) return `${error.code}: ${error.message}`;
  if (error instanceof TagConflictError) return "TAG_CONFLICT";
  if (error instanceof DigestMismatchError) {
    return `DATA_CORRUPTED: ${error.message}; the source blob is damaged or was cut short, nothing was tagged on the target`;
  }
  if (RegistryError.isRegistryError(error)) {
    const err = error as RegistryError;
    // The target registry refuses a tag overwrite under tag immutability with 403 DENIED.
    if (err.status === 403 && /immutab/i.test(err.message)) return "TAG_CONFLICT";
    if (err.status === 0 || err.status >= 500) return `NETWORK_ERROR: ${err.message}`;
    return `INTERNAL_ERROR: ${err.message}`;
  }
  if (OciError.is(error) && error.kind === "InvalidManifestError") return `UNSUPPORTED_FORMAT: ${error.message}`;
  if (OciError.is(error)) return `INTERNAL_ERROR: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `INTERNAL_ERROR: ${message}`;
}
