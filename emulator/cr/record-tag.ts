/**
 * The data plane's way in: a push of `tag` to `<namespace>/<repo>` on an instance. It
 * - refuses a push into a missing namespace;
 * - creates a missing repository when the namespace has AutoCreateRepo (RepoBuildType AUTO, the
 *   namespace's DefaultRepoConfiguration), else refuses;
 * - enforces tag immutability: with TagImmutability on, an existing tag other than `latest` cannot
 *   point at a different image (seed 003 §4.9; re-pushing the same digest is no overwrite);
 * - returns the automatic sync rules the push triggers; `addPassiveTasks` (sync-task-store.ts)
 *   turns them into tasks.
 * Nothing changes when it throws. The caller persists the state and reports the error to the client.
 */

import { ApiError } from "../core/context";
import { CrCode, crFail, notFound } from "./errors";
import { entry } from "./lookup";
import { addRepository } from "./repo-store";
import { RepoName, TagName } from "./rules";
import type { CrState, NamespaceRecord, RepositoryRecord, SyncRuleRecord } from "./state";
import { passiveRulesFor } from "./sync-matching";

export interface PushedImage {
  tag: string;
  /** Manifest digest, `sha256:<64 hex>` (a bare hex digest is accepted). */
  digest: string;
  /** Bytes: the sum of the manifest's config and layers. */
  size: number;
  /** The config digest; defaults to the manifest digest. */
  imageId?: string;
}

export interface RecordTagResult {
  namespace: NamespaceRecord;
  repo: RepositoryRecord;
  repoCreated: boolean;
  /** True when the tag existed before (pointing anywhere). */
  tagReplaced: boolean;
  /** PASSIVE rules covering this image, oldest first. */
  matchedRules: SyncRuleRecord[];
}

/** A refused push; `code` is one of the CR codes (errors.ts) so the data plane can map it. */
export class RecordTagError extends Error {
  constructor(
    readonly code: CrCode,
    message: string,
  ) {
    super(message);
    this.name = "RecordTagError";
  }
}

function normaliseDigest(digest: string, field: string): string {
  const bare = digest.replace(/^sha256:/, "");
  if (!/^[a-f0-9]{64}$/.test(bare)) throw crFail(CrCode.ParamInvalid, `${field} must be sha256:<64 lower-case hex>.`);
  return `sha256:${bare}`;
}

function record(state: CrState, instanceId: string, namespaceName: string, repoName: string, image: PushedImage, now: number): RecordTagResult {
  const instance = entry(state.instances, instanceId);
  if (!instance) throw notFound.instance(instanceId);
  const namespace = entry(instance.namespaces, namespaceName);
  if (!namespace) throw notFound.namespace(instanceId, namespaceName);
  if (!TagName.safeParse(image.tag).success) throw crFail(CrCode.ParamInvalid, `Tag ${JSON.stringify(image.tag)} is not a valid tag.`);
  const digest = normaliseDigest(image.digest, "digest");
  const imageId = image.imageId === undefined ? digest : normaliseDigest(image.imageId, "imageId");
  if (!Number.isSafeInteger(image.size) || image.size < 0) throw crFail(CrCode.ParamInvalid, "size must be a non-negative integer.");

  let repo = entry(namespace.repositories, repoName);
  const repoCreated = !repo;
  if (!repo) {
    if (!namespace.autoCreateRepo) {
      throw notFound.repo(instanceId, `${namespaceName}/${repoName} (automatic repository creation is off for this namespace)`);
    }
    if (!RepoName.safeParse(repoName).success) throw crFail(CrCode.RepoNameInvalid, `Repository name ${JSON.stringify(repoName)} is invalid.`);
    const defaults = namespace.defaultRepoConfiguration;
    repo = addRepository(
      instance,
      namespace,
      { repoName, repoType: defaults.repoType, summary: "", detail: "", tagImmutability: defaults.tagImmutability, buildType: "AUTO" },
      now,
    );
  }

  const existing = entry(repo.tags, image.tag);
  if (existing && repo.tagImmutability && image.tag !== "latest" && existing.digest !== digest) {
    throw crFail(CrCode.TagImmutable, "The requested tag already exists and cannot be overwritten.");
  }
  repo.tags[image.tag] = {
    tag: image.tag,
    digest,
    imageId,
    size: image.size,
    createTime: existing?.createTime ?? now,
    updateTime: now,
    status: "NORMAL",
  };
  repo.modifiedTime = now;
  const matchedRules = passiveRulesFor(state, { instanceId, namespaceName, repoName, tag: image.tag });
  return { namespace, repo, repoCreated, tagReplaced: existing !== undefined, matchedRules };
}

export function recordTag(
  state: CrState,
  instanceId: string,
  namespaceName: string,
  repoName: string,
  image: PushedImage,
  now: number = Date.now(),
): RecordTagResult {
  try {
    return record(state, instanceId, namespaceName, repoName, image, now);
  } catch (error) {
    if (error instanceof ApiError) throw new RecordTagError(error.code as CrCode, error.message);
    throw error;
  }
}
