/** Shared steps of the `/v2/<name>/…` handlers: access checks against the CR state and digest parsing. */

import type { RegistryAction } from "../auth/identity";
import { requireAccess } from "../auth/gate";
import type { RequestContext } from "../context";
import { parseRepoName, type RepoAddress } from "../cr-bridge";
import type { RepositoryRecord } from "../../cr/state";
import { oci } from "../errors";
import type { RepoMeta } from "../meta-store";
import { DIGEST_PATTERN } from "../blob-store";

export interface RepoAccess {
  address: RepoAddress;
  /** Undefined when the repository does not exist (yet). */
  repo: RepositoryRecord | undefined;
}

function check(ctx: RequestContext, name: string, wanted: readonly RegistryAction[]): RepoAccess {
  const address = parseRepoName(name);
  const { repo } = ctx.bridge.lookup(ctx.instance.instanceId, address);
  requireAccess(ctx.gate, { caller: ctx.caller, instance: ctx.instance, address, repo, peer: ctx.peer, port: ctx.port }, wanted);
  return { address, repo };
}

/** Reading a repository that must exist in the CR state. */
export function readable(ctx: RequestContext, name: string): RepoAccess & { repo: RepositoryRecord } {
  const access = check(ctx, name, ["pull"]);
  const repo = ctx.bridge.existing(ctx.instance.instanceId, access.address);
  return { address: access.address, repo };
}

/** Reading blobs: the repository may still be pending (blobs pushed, no manifest yet). */
export function blobReadable(ctx: RequestContext, name: string): RepoAccess {
  const access = check(ctx, name, ["pull"]);
  if (!access.repo) ctx.bridge.assertPushable(ctx.instance.instanceId, access.address);
  return access;
}

/** Writing: refused early when the push could never land (no namespace; no repository and no AutoCreateRepo). */
export function writable(ctx: RequestContext, name: string): RepoAccess {
  const access = check(ctx, name, ["pull", "push"]);
  ctx.bridge.assertPushable(ctx.instance.instanceId, access.address);
  return access;
}

/**
 * Records that `name` holds `digest`. The repository is looked up again here, not taken from the
 * request's start: a tag pushed meanwhile may have created it (AutoCreateRepo), and linking under
 * the stale "no repository yet" would replace the new repository's record and drop its blobs.
 */
export async function linkBlob(ctx: RequestContext, access: RepoAccess, digest: string): Promise<void> {
  const { repo } = ctx.bridge.lookup(ctx.instance.instanceId, access.address);
  ctx.store.meta.repo(access.address.name, repo?.repoId).blobs[digest] = true;
  await ctx.store.meta.save();
}

export function repoMeta(ctx: RequestContext, access: RepoAccess): RepoMeta | undefined {
  return ctx.store.meta.view(access.address.name, access.repo?.repoId);
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** A digest this registry can hold (sha256 or sha512); other well-formed algorithms are refused. */
export function parseDigest(value: string | null | undefined, field: string): string {
  if (!value || !DIGEST.test(value)) throw oci.digestInvalid(`${field} must be a digest such as sha256:<64 hex>, got ${JSON.stringify(value ?? "")}`);
  if (!DIGEST_PATTERN.test(value)) {
    throw oci.digestInvalid(`${field}: only sha256 (64 lower-case hex) and sha512 (128) digests are supported, got ${value}`);
  }
  return value;
}

export function isDigest(reference: string): boolean {
  return reference.includes(":");
}
