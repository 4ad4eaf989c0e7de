/** The copy engine's options, progress events and report. */

import type { RegistryClient } from "./client";
import type { CopySession } from "./copy-session";
import type { OciRetryOptions } from "./retry";
import type { RequestTally } from "./transport";

/** A repository on a registry. Source and target may share one client (same registry). */
export interface RepositoryEndpoint {
  client: RegistryClient;
  repository: string;
}

export type CopyPhase =
  /** Source manifests read, total known. */
  | "plan"
  /** The target already had a manifest (an unchanged tag, or a child of an index). */
  | "manifest-skip"
  /** A manifest was written to the target. */
  | "manifest-put"
  /** The target already had the blob. */
  | "blob-skip"
  /** The registry linked the blob from the source repository; no bytes moved. */
  | "blob-mount"
  /** Bytes of a blob went through. */
  | "blob-bytes"
  /** A streamed blob was committed on the target. */
  | "blob-done"
  | "done";

export interface CopyProgress {
  phase: CopyPhase;
  digest?: string;
  /** The target tag (or digest) a manifest event is about. */
  reference?: string;
  /** Blob bytes accounted for so far: streamed, mounted or already present. */
  bytesDone: number;
  /** Sum of the sizes of every distinct blob the copy has to account for. */
  bytesTotal: number;
}

export interface CopyCommonOptions {
  /**
   * Platforms to keep from an index, as `os/arch[/variant]`. None: the whole index (digest kept).
   * One match: that image's manifest goes under the tag. Several: a new index with just those
   * entries is written (its digest differs from the source's, which the report says).
   */
  platforms?: string[];
  /** When false, a target tag that holds other content fails the copy before anything is written. @default true */
  overwrite?: boolean;
  /** Requests (blob transfers, manifest reads and writes) at once. Ignored with `session`, whose bound applies. @default 4 */
  concurrency?: number;
  /**
   * The migration job this copy is part of. Copies sharing a session share its concurrency bound
   * and upload each blob to a target registry once, mounting it into the other repositories.
   */
  session?: CopySession;
  /** Upload blobs in PATCH chunks of this size instead of one streamed PUT. */
  chunkBytes?: number;
  onProgress?: (event: CopyProgress) => void;
  signal?: AbortSignal;
  /** Retries of a whole blob transfer (a fresh source GET each time). */
  retry?: OciRetryOptions;
}

export interface CopyImageOptions extends CopyCommonOptions {
  source: RepositoryEndpoint;
  target: RepositoryEndpoint;
  /** Tags to copy: a list, a pattern over the source's tags, or all. @default "all" unless `digest` is set */
  tags?: string[] | RegExp | "all";
  /** Copy this manifest by digest (no tag on the target), alone or next to `tags`. */
  digest?: string;
}

export interface CopyReferenceOptions extends CopyCommonOptions {
  source: RepositoryEndpoint & { reference: string };
  /** `reference` defaults to the source's (a tag, or a digest). */
  target: RepositoryEndpoint & { reference?: string };
}

export interface CopiedReference {
  source: string;
  target: string;
  /** What the target reference resolves to now. */
  digest: string;
  status: "copied" | "unchanged";
  /** True when a platform filter produced a new index, so the digest differs from the source's. */
  rewritten?: boolean;
}

export interface CopyReport {
  references: CopiedReference[];
  manifests: { copied: number; skipped: number };
  blobs: { copied: number; skipped: number; mounted: number };
  /** Bytes streamed from source to target (retried attempts included). */
  bytesMoved: number;
  /** Requests of this copy, by kind, per side. */
  requests: { source: RequestTally; target: RequestTally };
}
