/**
 * Blob uploads: `POST /v2/<name>/blobs/uploads/` opens a session (or, with `?digest=`, takes the
 * whole blob at once; with `?mount=&from=`, links a blob from another repository), `PATCH` appends
 * a chunk (its `Content-Range` must start where the data ends), `PUT ?digest=` closes it after an
 * optional last chunk, `GET` reports progress and `DELETE` cancels. The digest and size are
 * verified at the close; a mismatch discards the session.
 */

import { randomUUID } from "node:crypto";
import { algorithmOf } from "../blob-store";
import type { RequestContext } from "../context";
import type { Route } from "../routes";
import { oci, RegistryApiError } from "../errors";
import { drain, send } from "../http";
import type { UploadSession } from "../instance-registry";
import { linkBlob, parseDigest, writable, type RepoAccess } from "./common";
import { tryMount } from "./mount";

const location = (name: string, id: string) => `/v2/${name}/blobs/uploads/${id}`;
const rangeHeader = (size: number) => `0-${Math.max(0, size - 1)}`;

function declaredLength(ctx: RequestContext): number | undefined {
  const value = ctx.req.headers["content-length"];
  return value === undefined ? undefined : Number(value);
}

function sessionOf(ctx: RequestContext, name: string, id: string): UploadSession {
  const session = ctx.store.uploads.get(id);
  if (!session || session.name !== name) throw oci.uploadUnknown(id);
  session.touched = Date.now();
  return session;
}

/** Appends the request body when there is one; checks the declared length. */
async function appendBody(ctx: RequestContext, session: UploadSession): Promise<void> {
  const length = declaredLength(ctx);
  const chunked = ctx.req.headers["transfer-encoding"] !== undefined;
  if (length === 0 || (length === undefined && !chunked)) {
    drain(ctx.req);
    return;
  }
  if (session.busy) {
    drain(ctx.req);
    throw new RegistryApiError(416, "BLOB_UPLOAD_INVALID", `upload ${session.id} is already receiving a chunk; send chunks one after another`);
  }
  session.busy = true;
  const before = session.sink.size;
  try {
    await session.sink.append(ctx.req);
  } catch {
    throw oci.uploadInvalid(`the body of the chunk was cut short; resume from byte ${session.sink.size} (GET the upload for its Range)`);
  } finally {
    session.busy = false;
  }
  if (length !== undefined && session.sink.size - before !== length) {
    throw oci.sizeInvalid(`Content-Length said ${length} bytes but ${session.sink.size - before} arrived`);
  }
}

async function commit(ctx: RequestContext, access: RepoAccess, session: UploadSession, digestParam: string | null): Promise<void> {
  ctx.store.uploads.delete(session.id);
  let digest: string;
  try {
    digest = parseDigest(digestParam, "digest");
  } catch (error) {
    await session.sink.discard();
    throw error;
  }
  const actual = await session.sink.digest(algorithmOf(digest));
  if (actual !== digest) {
    await session.sink.discard();
    throw oci.digestInvalid(`the uploaded content (${session.sink.size} bytes) has digest ${actual}, not ${digest}; upload again`, { digest, actual });
  }
  if ((await ctx.store.blobs.size(digest)) === session.sink.size) await session.sink.discard();
  else await session.sink.commit(digest);
  await linkBlob(ctx, access, digest);
  send(ctx.res, 201, { location: `/v2/${access.address.name}/blobs/${digest}`, "docker-content-digest": digest });
}

function openSession(ctx: RequestContext, name: string): UploadSession {
  ctx.store.purgeIdleUploads();
  const id = randomUUID();
  const session: UploadSession = { id, name, sink: ctx.store.blobs.newUpload(id), busy: false, touched: Date.now() };
  ctx.store.uploads.set(id, session);
  return session;
}

async function startUpload(ctx: RequestContext, name: string): Promise<void> {
  const access = writable(ctx, name);
  if (await tryMount(ctx, access)) {
    drain(ctx.req);
    return;
  }
  const session = openSession(ctx, name);
  const digest = ctx.url.searchParams.get("digest");
  if (digest !== null) {
    await appendBody(ctx, session).catch(async (error: unknown) => {
      ctx.store.uploads.delete(session.id);
      await session.sink.discard();
      throw error;
    });
    await commit(ctx, access, session, digest);
    return;
  }
  drain(ctx.req);
  send(ctx.res, 202, { location: location(name, session.id), range: "0-0", "docker-upload-uuid": session.id });
}

async function uploadStatus(ctx: RequestContext, name: string, id: string): Promise<void> {
  drain(ctx.req);
  writable(ctx, name);
  const session = sessionOf(ctx, name, id);
  send(ctx.res, 204, { location: location(name, id), range: rangeHeader(session.sink.size), "docker-upload-uuid": id });
}

/** A chunk's `Content-Range` (optional) must start where the upload's data ends: else 416. */
function checkContentRange(ctx: RequestContext, name: string, session: UploadSession): void {
  const contentRange = ctx.req.headers["content-range"];
  if (contentRange === undefined) return;
  const match = /^(?:bytes[ =])?(\d+)-(\d+)$/.exec(contentRange.trim());
  const start = match ? Number(match[1]) : NaN;
  const end = match ? Number(match[2]) : NaN;
  const length = declaredLength(ctx);
  if (match && start === session.sink.size && end >= start && (length === undefined || end - start + 1 === length)) return;
  drain(ctx.req);
  throw new RegistryApiError(
    416,
    "BLOB_UPLOAD_INVALID",
    `Content-Range ${contentRange} does not continue the upload, which holds ${session.sink.size} bytes; send the chunk starting at ${session.sink.size}`,
    null,
    { location: location(name, session.id), range: rangeHeader(session.sink.size) },
  );
}

async function patchUpload(ctx: RequestContext, name: string, id: string): Promise<void> {
  writable(ctx, name);
  const session = sessionOf(ctx, name, id);
  checkContentRange(ctx, name, session);
  await appendBody(ctx, session);
  send(ctx.res, 202, { location: location(name, id), range: rangeHeader(session.sink.size), "docker-upload-uuid": id });
}

async function finishUpload(ctx: RequestContext, name: string, id: string): Promise<void> {
  const access = writable(ctx, name);
  const session = sessionOf(ctx, name, id);
  checkContentRange(ctx, name, session);
  await appendBody(ctx, session).catch(async (error: unknown) => {
    ctx.store.uploads.delete(id);
    await session.sink.discard();
    throw error;
  });
  await commit(ctx, access, session, ctx.url.searchParams.get("digest"));
}

async function cancelUpload(ctx: RequestContext, name: string, id: string): Promise<void> {
  drain(ctx.req);
  writable(ctx, name);
  const session = sessionOf(ctx, name, id);
  ctx.store.uploads.delete(id);
  await session.sink.discard();
  send(ctx.res, 204, {});
}

export const uploadRoutes: Route[] = [
  { pattern: /^\/v2\/(.+)\/blobs\/uploads\/?$/, methods: { POST: startUpload } },
  { pattern: /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, methods: { GET: uploadStatus, PATCH: patchUpload, PUT: finishUpload, DELETE: cancelUpload } },
];

