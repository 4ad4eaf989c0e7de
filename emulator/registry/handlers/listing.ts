/**
 * Content discovery: `GET /v2/<name>/tags/list` (lexical order, `n` and `last`, a `Link` header
 * while more remain) from the CR state's tags, and `GET /v2/<name>/referrers/<digest>` (an OCI
 * index of the manifests whose `subject` is that digest, optionally filtered by `artifactType`).
 */

import type { RequestContext } from "../context";
import type { Route } from "../routes";
import { RegistryApiError } from "../errors";
import { drain, sendJson } from "../http";
import { MEDIA } from "../manifest-inspect";
import { blobReadable, parseDigest, readable, repoMeta } from "./common";

function pageSize(value: string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new RegistryApiError(400, "UNSUPPORTED", `n must be a non-negative integer, got ${value}`);
  return n;
}

async function listTags(ctx: RequestContext, name: string): Promise<void> {
  drain(ctx.req);
  const { repo } = readable(ctx, name);
  const n = pageSize(ctx.url.searchParams.get("n"));
  const last = ctx.url.searchParams.get("last");
  let tags = Object.keys(repo.tags).sort();
  if (last !== null) tags = tags.filter((tag) => tag > last);
  const headers: Record<string, string> = {};
  if (n !== undefined) {
    if (tags.length > n && n > 0) {
      headers.link = `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(tags[n - 1]!)}>; rel="next"`;
    }
    tags = tags.slice(0, n);
  }
  sendJson(ctx.res, 200, { name, tags }, headers);
}

async function listReferrers(ctx: RequestContext, name: string, digestParam: string): Promise<void> {
  drain(ctx.req);
  // A repository not created yet simply has no referrers (the spec answers an empty index).
  const access = blobReadable(ctx, name);
  const digest = parseDigest(digestParam, "digest");
  const filter = ctx.url.searchParams.get("artifactType");
  const meta = repoMeta(ctx, access);
  const manifests = Object.entries(meta?.manifests ?? {})
    .filter(([, m]) => m.subject === digest && (filter === null || m.artifactType === filter))
    .map(([manifestDigest, m]) => ({
      mediaType: m.mediaType,
      digest: manifestDigest,
      size: m.size,
      ...(m.artifactType ? { artifactType: m.artifactType } : {}),
      ...(m.annotations ? { annotations: m.annotations } : {}),
    }));
  const headers: Record<string, string> = { "content-type": MEDIA.ociIndex };
  if (filter !== null) headers["oci-filters-applied"] = "artifactType";
  sendJson(ctx.res, 200, { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }, headers);
}

export const listingRoutes: Route[] = [
  { pattern: /^\/v2\/(.+)\/tags\/list$/, methods: { GET: listTags } },
  { pattern: /^\/v2\/(.+)\/referrers\/([^/]+)$/, methods: { GET: listReferrers } },
];
