/**
 * Blob upload steps of the distribution API, each one request: open a session (POST), try a
 * cross-repository mount (POST ?mount&from), the whole blob in one request (POST ?digest with the
 * body, the OCI spec's "single POST"), finish monolithically (PUT ?digest with the body),
 * send chunks (PATCH with Content-Range), cancel (DELETE). The client composes them.
 */

import type { Readable } from "node:stream";
import { repositoryScope } from "./challenge";
import { DigestMismatchError } from "./errors";
import type { CallOptions, RegistryTransport, SendResult } from "./transport";

export interface UploadSession {
  /** Absolute URL of the session; it changes after every PATCH on distribution (signed `_state`). */
  location: string;
  /** `OCI-Chunk-Min-Length`, when the registry asks for a minimum chunk size. */
  minChunkBytes?: number;
}

export type MountResult = { mounted: true } | { mounted: false; session: UploadSession };

const pushScopes = (repository: string) => [repositoryScope(repository, ["pull", "push"])];
const uploadsPath = (repository: string) => `/v2/${repository}/blobs/uploads/`;

function sessionFrom(result: SendResult): UploadSession {
  const location = result.headers.location;
  if (!location) throw new TypeError(`upload answer from ${result.url} has no Location header`);
  const min = Number(result.headers["oci-chunk-min-length"]);
  return { location: new URL(location, result.url).href, minChunkBytes: Number.isFinite(min) && min > 0 ? min : undefined };
}

/** Appends a query parameter without re-encoding the (opaque, signed) ones already there. */
export function withQuery(location: string, name: string, value: string): string {
  return `${location}${location.includes("?") ? "&" : "?"}${name}=${encodeURIComponent(value)}`;
}

export async function startUpload(t: RegistryTransport, repository: string, options?: CallOptions): Promise<UploadSession> {
  const result = await t.send(
    { kind: "upload.start", method: "POST", target: uploadsPath(repository), scopes: pushScopes(repository), expect: [202], headers: { "content-length": "0" } },
    options,
  );
  await result.body.dump();
  return sessionFrom(result);
}

/**
 * Asks the registry to link a blob it already holds in `from`. 201 means done; 202 means it
 * declined and opened an ordinary session instead, which the caller uploads into.
 */
export async function mountBlob(t: RegistryTransport, repository: string, digest: string, from: string, options?: CallOptions): Promise<MountResult> {
  const target = `${uploadsPath(repository)}?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
  const scopes = [...pushScopes(repository), repositoryScope(from, ["pull"])];
  const result = await t.send({ kind: "upload.mount", method: "POST", target, scopes, expect: [201, 202], headers: { "content-length": "0" } }, options);
  await result.body.dump();
  return result.status === 201 ? { mounted: true } : { mounted: false, session: sessionFrom(result) };
}

export type SinglePostResult = { stored: true } | { stored: false; session: UploadSession };

/**
 * The OCI distribution spec's "single POST": the whole blob in the request that would otherwise
 * only open a session, one round trip instead of two. 201 means stored; a registry without it
 * (docker-registry) answers 202 with an ordinary session and has dropped the body, so the caller
 * must still send the bytes, which only a caller holding them (a Buffer) can do at once.
 */
export async function postWholeBlob(
  t: RegistryTransport,
  repository: string,
  digest: string,
  body: Buffer | Readable,
  size: number,
  options?: CallOptions,
): Promise<SinglePostResult> {
  const result = await t.send(
    {
      kind: "upload.single",
      method: "POST",
      target: `${uploadsPath(repository)}?digest=${encodeURIComponent(digest)}`,
      scopes: pushScopes(repository),
      expect: [201, 202],
      headers: { "content-type": "application/octet-stream", "content-length": String(size) },
      body,
    },
    options,
  );
  await result.body.dump();
  if (result.status === 202) return { stored: false, session: sessionFrom(result) };
  const stored = result.headers["docker-content-digest"];
  if (stored && stored !== digest) throw new DigestMismatchError(digest, stored, undefined, size, `upload to ${repository}`);
  return { stored: true };
}

/** Closes a session with the whole body (or, after PATCHes, with an empty one). */
export async function finishUpload(
  t: RegistryTransport,
  repository: string,
  session: UploadSession,
  digest: string,
  body: Buffer | Readable | undefined,
  size: number,
  options?: CallOptions,
): Promise<void> {
  const result = await t.send(
    {
      kind: "upload.put",
      method: "PUT",
      target: withQuery(session.location, "digest", digest),
      scopes: pushScopes(repository),
      expect: [201, 204],
      headers: { "content-type": "application/octet-stream", "content-length": String(size) },
      body: body ?? Buffer.alloc(0),
    },
    options,
  );
  await result.body.dump();
  const stored = result.headers["docker-content-digest"];
  if (stored && stored !== digest) throw new DigestMismatchError(digest, stored, undefined, size, `upload to ${repository}`);
}

/** Sends one chunk at `start`; returns the session to use next. */
export async function patchChunk(
  t: RegistryTransport,
  repository: string,
  session: UploadSession,
  chunk: Buffer,
  start: number,
  options?: CallOptions,
): Promise<UploadSession> {
  const result = await t.send(
    {
      kind: "upload.patch",
      method: "PATCH",
      target: session.location,
      scopes: pushScopes(repository),
      expect: [202],
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(chunk.length),
        "content-range": `${start}-${start + chunk.length - 1}`,
      },
      body: chunk,
    },
    options,
  );
  await result.body.dump();
  return { ...sessionFrom(result), minChunkBytes: session.minChunkBytes };
}

/** Best effort: a session left open is purged by the registry later anyway. */
export async function cancelUpload(t: RegistryTransport, repository: string, session: UploadSession, options?: CallOptions): Promise<void> {
  try {
    const result = await t.send(
      { kind: "upload.cancel", method: "DELETE", target: session.location, scopes: pushScopes(repository), expect: [200, 202, 204, 404] },
      { ...options, signal: undefined },
    );
    await result.body.dump();
  } catch {
    // Nothing to do: the failure that made us cancel is the one worth reporting.
  }
}

/** Cuts a stream (or a buffer) into chunks of exactly `size` bytes (the last one shorter), holding at most one chunk. */
export async function* chunksOf(source: Buffer | Readable, size: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source)) {
    for (let at = 0; at < source.length; at += size) yield source.subarray(at, at + size);
    return;
  }
  let parts: Buffer[] = [];
  let length = 0;
  for await (const piece of source as AsyncIterable<Buffer>) {
    parts.push(piece);
    length += piece.length;
    while (length >= size) {
      const joined = Buffer.concat(parts, length);
      yield joined.subarray(0, size);
      parts = [joined.subarray(size)];
      length -= size;
    }
  }
  if (length > 0) yield Buffer.concat(parts, length);
}
