/**
 * `HEAD|GET|DELETE /v2/<name>/blobs/<digest>`: a blob is readable through a repository only when
 * it was uploaded or mounted into it. GET streams from storage and honours one `Range`; injected
 * corrupt/truncate faults act on the body here.
 */

import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ByteRange } from "../blob-store";
import type { RequestContext } from "../context";
import type { Route } from "../routes";
import { oci, RegistryApiError } from "../errors";
import { API_VERSION_HEADER, drain, send } from "../http";
import { blobReadable, parseDigest, repoMeta, writable } from "./common";

async function linkedSize(ctx: RequestContext, name: string, digestParam: string): Promise<{ digest: string; size: number }> {
  const access = blobReadable(ctx, name);
  const digest = parseDigest(digestParam, "digest");
  const meta = repoMeta(ctx, access);
  const size = meta?.blobs[digest] || meta?.manifests[digest] ? await ctx.store.blobs.size(digest) : undefined;
  if (size === undefined) throw oci.blobUnknown(digest);
  return { digest, size };
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; undefined for none; throws 416 for one that cannot be served. */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  const unsatisfiable = () =>
    new RegistryApiError(416, "RANGE_INVALID", `range ${header} cannot be served from ${size} bytes`, null, { "content-range": `bytes */${size}` });
  if (!match || (match[1] === "" && match[2] === "")) throw unsatisfiable();
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) throw unsatisfiable();
  return { start, end };
}

/** Flips one byte in the middle of the first chunk: the length stays, the digest breaks. */
class Corrupt extends Transform {
  private done = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.done && chunk.length > 0) {
      const copy = Buffer.from(chunk);
      const at = Math.floor(copy.length / 2);
      copy[at] = copy[at]! ^ 0xff;
      this.done = true;
      callback(null, copy);
      return;
    }
    callback(null, chunk);
  }
}

/** Passes the first `limit` bytes, then cuts the connection (the declared length is never reached). */
class Truncate extends Transform {
  private sent = 0;

  constructor(
    private readonly limit: number,
    private readonly cut: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const room = this.limit - this.sent;
    if (room <= 0) {
      callback();
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.sent += part.length;
    callback(null, part);
    if (this.sent >= this.limit) setImmediate(this.cut);
  }

  /** Never ends cleanly: the response must not look complete before the socket is cut. */
  override _flush(callback: TransformCallback): void {
    if (this.sent < this.limit) callback();
  }
}

async function headBlob(ctx: RequestContext, name: string, digest: string): Promise<void> {
  drain(ctx.req);
  const blob = await linkedSize(ctx, name, digest);
  send(ctx.res, 200, {
    "content-length": blob.size,
    "content-type": "application/octet-stream",
    "docker-content-digest": blob.digest,
    "accept-ranges": "bytes",
  });
}

async function getBlob(ctx: RequestContext, name: string, digestParam: string): Promise<void> {
  drain(ctx.req);
  const blob = await linkedSize(ctx, name, digestParam);
  const range = parseRange(ctx.req.headers.range, blob.size);
  const length = range ? range.end - range.start + 1 : blob.size;
  const headers: Record<string, string | number> = {
    ...API_VERSION_HEADER,
    "content-type": "application/octet-stream",
    "content-length": length,
    "docker-content-digest": blob.digest,
    "accept-ranges": "bytes",
  };
  if (range) headers["content-range"] = `bytes ${range.start}-${range.end}/${blob.size}`;
  ctx.res.writeHead(range ? 206 : 200, headers);
  const source = ctx.store.blobs.read(blob.digest, range);
  const outcome = ctx.fault?.outcome;
  try {
    if (outcome === "corrupt" && length > 0) await pipeline(source, new Corrupt(), ctx.res);
    else if (outcome === "truncate" && length > 0) {
      await pipeline(source, new Truncate(Math.floor(length / 2), () => ctx.req.socket.destroy()), ctx.res);
    } else await pipeline(source, ctx.res);
  } catch {
    // The client went away, or a truncate fault cut it off: nothing more to say.
    ctx.res.destroy();
  }
}

async function deleteBlob(ctx: RequestContext, name: string, digestParam: string): Promise<void> {
  drain(ctx.req);
  const access = writable(ctx, name);
  const digest = parseDigest(digestParam, "digest");
  const meta = repoMeta(ctx, access);
  if (!meta?.blobs[digest]) throw oci.blobUnknown(digest);
  delete meta.blobs[digest];
  await ctx.store.meta.save();
  send(ctx.res, 202, {});
}

export const blobRoutes: Route = {
  pattern: /^\/v2\/(.+)\/blobs\/([^/]+)$/,
  methods: { HEAD: headBlob, GET: getBlob, DELETE: deleteBlob },
};
