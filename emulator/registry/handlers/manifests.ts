/**
 * `HEAD|GET|PUT|DELETE /v2/<name>/manifests/<tag|digest>`. Manifests are kept as the exact bytes
 * pushed (content-addressed like blobs); tags live in the CR state, so a tag push goes through
 * `recordTag` (AutoCreateRepo, TagImmutability, quotas, passive sync rules) and shows in
 * ListRepoTag. A PUT is refused when the config, a layer or an index child is not in the repository.
 */

import type { RequestContext } from "../context";
import type { Route } from "../routes";
import { TagName } from "../../cr/rules";
import { oci } from "../errors";
import { drain, readCappedBody, send } from "../http";
import { inspectManifest } from "../manifest-inspect";
import { algorithmOf, digestBytes } from "../blob-store";
import { isDigest, parseDigest, readable, repoMeta, writable } from "./common";

async function resolve(ctx: RequestContext, name: string, reference: string) {
  const access = readable(ctx, name);
  let digest: string;
  if (isDigest(reference)) digest = parseDigest(reference, "reference");
  else {
    const tag = Object.prototype.hasOwnProperty.call(access.repo.tags, reference) ? access.repo.tags[reference] : undefined;
    if (!tag) throw oci.manifestUnknown(reference);
    digest = tag.digest;
  }
  const meta = repoMeta(ctx, access)?.manifests[digest];
  if (!meta) throw oci.manifestUnknown(reference);
  return { access, digest, meta };
}

async function headManifest(ctx: RequestContext, name: string, reference: string): Promise<void> {
  drain(ctx.req);
  const { digest, meta } = await resolve(ctx, name, reference);
  send(ctx.res, 200, { "content-type": meta.mediaType, "content-length": meta.size, "docker-content-digest": digest });
}

async function getManifest(ctx: RequestContext, name: string, reference: string): Promise<void> {
  drain(ctx.req);
  const { digest, meta } = await resolve(ctx, name, reference);
  const bytes = await ctx.store.blobs.readAll(digest);
  send(ctx.res, 200, { "content-type": meta.mediaType, "docker-content-digest": digest }, bytes);
}

async function putManifest(ctx: RequestContext, name: string, reference: string): Promise<void> {
  const access = writable(ctx, name);
  const bytes = await readCappedBody(ctx.req);
  const byDigest = isDigest(reference);
  // A push by digest names the algorithm; a tag is always sha256 (the CR state's tag digests are).
  const digest = digestBytes(bytes, byDigest ? algorithmOf(parseDigest(reference, "reference")) : "sha256");
  if (byDigest && parseDigest(reference, "reference") !== digest) {
    throw oci.digestInvalid(`the manifest's digest is ${digest}, not ${reference}`, { digest, reference });
  }
  if (!byDigest && !TagName.safeParse(reference).success) {
    throw oci.tagInvalid(`tag ${JSON.stringify(reference)} is invalid: up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-'`);
  }
  const manifest = inspectManifest(bytes, ctx.req.headers["content-type"]);
  const meta = repoMeta(ctx, access);
  for (const blob of manifest.blobs) {
    if (!meta?.blobs[blob] || (await ctx.store.blobs.size(blob)) === undefined) throw oci.manifestBlobUnknown(blob);
  }
  for (const child of manifest.children) {
    if (!meta?.manifests[child]) throw oci.manifestBlobUnknown(child);
  }
  await ctx.store.blobs.putBytes(digest, bytes);

  const repo = byDigest
    ? await ctx.bridge.ensureRepository(ctx.instance.instanceId, access.address)
    : await ctx.bridge.pushTag(ctx.instance.instanceId, access.address, {
        tag: reference,
        digest,
        size: manifest.contentSize,
        imageId: manifest.configDigest?.startsWith("sha256:") ? manifest.configDigest : undefined,
      });
  const record = ctx.store.meta.repo(access.address.name, repo.repoId);
  record.manifests[digest] = {
    mediaType: manifest.mediaType,
    size: bytes.length,
    ...(manifest.subject ? { subject: manifest.subject } : {}),
    ...(manifest.artifactType ? { artifactType: manifest.artifactType } : {}),
    ...(manifest.annotations && Object.keys(manifest.annotations).length ? { annotations: manifest.annotations } : {}),
  };
  await ctx.store.meta.save();
  const headers: Record<string, string> = { location: `/v2/${name}/manifests/${digest}`, "docker-content-digest": digest };
  if (manifest.subject) headers["oci-subject"] = manifest.subject;
  send(ctx.res, 201, headers);
}

async function deleteManifest(ctx: RequestContext, name: string, reference: string): Promise<void> {
  drain(ctx.req);
  const access = writable(ctx, name);
  const repo = ctx.bridge.existing(ctx.instance.instanceId, access.address);
  if (!isDigest(reference)) {
    if (!(await ctx.bridge.deleteTags(repo, { tag: reference }))) throw oci.manifestUnknown(reference);
    send(ctx.res, 202, {});
    return;
  }
  const digest = parseDigest(reference, "reference");
  const meta = repoMeta(ctx, access);
  if (!meta?.manifests[digest]) throw oci.manifestUnknown(reference);
  delete meta.manifests[digest];
  await ctx.store.meta.save();
  await ctx.bridge.deleteTags(repo, { digest });
  send(ctx.res, 202, {});
}

export const manifestRoutes: Route = {
  pattern: /^\/v2\/(.+)\/manifests\/([^/]+)$/,
  methods: { HEAD: headManifest, GET: getManifest, PUT: putManifest, DELETE: deleteManifest },
};
