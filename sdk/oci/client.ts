/**
 * A client for one OCI distribution registry (http or https, anonymous, basic or token auth).
 * Manifests travel as raw bytes with their media type and digest and are never re-serialised;
 * blobs travel as streams. Every method takes CallOptions for cancellation and request counting.
 */

import type { Readable } from "node:stream";
import { repositoryScope } from "./challenge";
import { digestOf } from "./digest";
import { DigestMismatchError, InvalidManifestError } from "./errors";
import { MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, detectMediaType, parseReferrersIndex, type Descriptor } from "./manifest";
import { DOCKER_HUB_REGISTRY, isValidDigest } from "./reference";
import { RegistryTransport, readCapped, type CallOptions, type RegistryTransportOptions, type RequestTally } from "./transport";
import * as upload from "./upload";

export interface RegistryClientOptions extends Omit<RegistryTransportOptions, "origin"> {
  /** `host[:port]` (https unless `insecure`) or a full origin such as `http://127.0.0.1:5000`. */
  registry: string;
  /** Plain http for a bare `host[:port]`. */
  insecure?: boolean;
}

export interface ManifestInfo {
  digest: string;
  mediaType: string;
  size: number;
}

export interface Manifest extends ManifestInfo {
  /** Exactly the registry's bytes. */
  bytes: Buffer;
}

export interface BlobStream {
  body: Readable;
  /** 200 for the whole blob, 206 for a range. */
  status: number;
  /** Bytes in this answer, when the registry said. */
  length?: number;
}

export interface UploadOptions extends CallOptions {
  /** Upload in PATCH chunks of this many bytes instead of one PUT. */
  chunkBytes?: number;
  /** An already open session (e.g. from a declined mount). */
  session?: upload.UploadSession;
  /** Try the OCI "single POST" (the blob in the request that opens the upload) first. */
  singlePost?: boolean;
}

/**
 * How an upload went: one POST, or a session (POST then PUT). "declined": the registry answered a
 * single POST of a stream with a session, so the stream's bytes are spent and nothing is stored.
 */
export type UploadVia = "single-post" | "session" | "declined";

const pull = (repository: string) => [repositoryScope(repository, ["pull"])];
const push = (repository: string) => [repositoryScope(repository, ["pull", "push"])];

function originOf(registry: string, insecure: boolean | undefined): string {
  if (registry.includes("://")) return new URL(registry).origin;
  // Docker Hub's API host is not its reference name.
  const host = registry === DOCKER_HUB_REGISTRY ? "registry-1.docker.io" : registry;
  return `${insecure ? "http" : "https"}://${host}`;
}

export class RegistryClient {
  readonly transport: RegistryTransport;

  constructor(options: RegistryClientOptions) {
    this.transport = new RegistryTransport({ ...options, origin: originOf(options.registry, options.insecure) });
  }

  get origin(): string {
    return this.transport.origin;
  }

  /** Requests sent by this client since it was created, by kind. */
  get tally(): Readonly<RequestTally> {
    return this.transport.tally;
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** The manifest's digest, type and size, or undefined when the registry does not have it. */
  async headManifest(repository: string, reference: string, options?: CallOptions): Promise<ManifestInfo | undefined> {
    const result = await this.transport.send(
      { kind: "manifest.head", method: "HEAD", target: `/v2/${repository}/manifests/${reference}`, headers: { accept: MANIFEST_ACCEPT }, scopes: pull(repository), expect: [200, 404] },
      options,
    );
    await result.body.dump();
    if (result.status === 404) return undefined;
    const digest = result.headers["docker-content-digest"];
    const mediaType = (result.headers["content-type"] ?? "").split(";")[0]!.trim();
    // Without a digest header the HEAD proves existence only; the bytes decide the digest.
    if (!digest || !isValidDigest(digest) || !mediaType) return this.getManifest(repository, reference, options);
    return { digest, mediaType, size: Number(result.headers["content-length"] ?? 0) };
  }

  /** The manifest's exact bytes, checked against the digest asked for (or the one the registry claims). */
  async getManifest(repository: string, reference: string, options?: CallOptions): Promise<Manifest> {
    const result = await this.transport.send(
      { kind: "manifest.get", method: "GET", target: `/v2/${repository}/manifests/${reference}`, headers: { accept: MANIFEST_ACCEPT }, scopes: pull(repository), expect: [200] },
      options,
    );
    const declared = Number(result.headers["content-length"]);
    if (declared > MAX_MANIFEST_BYTES) {
      result.body.destroy();
      throw new InvalidManifestError(`${repository}:${reference} is ${declared} bytes, over the ${MAX_MANIFEST_BYTES} byte manifest limit`);
    }
    const bytes = Buffer.from(await result.body.arrayBuffer());
    const expected = isValidDigest(reference) ? reference : result.headers["docker-content-digest"];
    const digest = digestOf(bytes, expected && isValidDigest(expected) ? expected : "sha256:");
    if (expected && isValidDigest(expected) && digest !== expected) {
      throw new DigestMismatchError(expected, digest, undefined, bytes.length, `manifest ${repository}:${reference}`);
    }
    const mediaType = detectMediaType(bytes, result.headers["content-type"]);
    return { bytes, mediaType, digest, size: bytes.length };
  }

  /** Stores manifest bytes under a tag or their digest; returns the digest the registry confirmed. */
  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, options?: CallOptions): Promise<string> {
    const result = await this.transport.send(
      {
        kind: "manifest.put",
        method: "PUT",
        target: `/v2/${repository}/manifests/${reference}`,
        headers: { "content-type": mediaType },
        body: bytes,
        scopes: push(repository),
        expect: [200, 201, 202],
      },
      options,
    );
    await result.body.dump();
    const digest = digestOf(bytes);
    const stored = result.headers["docker-content-digest"];
    if (stored && stored.startsWith("sha256:") && stored !== digest) {
      throw new DigestMismatchError(digest, stored, undefined, bytes.length, `manifest put to ${repository}:${reference}`);
    }
    return digest;
  }

  async deleteManifest(repository: string, reference: string, options?: CallOptions): Promise<void> {
    await this.delete("manifest.delete", repository, `/v2/${repository}/manifests/${reference}`, options);
  }

  /** The blob's size, or undefined when this repository does not have it. */
  async headBlob(repository: string, digest: string, options?: CallOptions): Promise<{ size: number } | undefined> {
    const result = await this.transport.send(
      { kind: "blob.head", method: "HEAD", target: `/v2/${repository}/blobs/${digest}`, scopes: pull(repository), expect: [200, 404] },
      options,
    );
    await result.body.dump();
    return result.status === 404 ? undefined : { size: Number(result.headers["content-length"] ?? 0) };
  }

  /**
   * Opens a blob as a stream. `range` asks for bytes from `start` (to `end`, inclusive); a
   * registry that ignores Range answers 200 with the whole blob, which the status tells.
   */
  async getBlob(repository: string, digest: string, options?: CallOptions & { range?: { start: number; end?: number } }): Promise<BlobStream> {
    const range = options?.range;
    const headers: Record<string, string> = {};
    if (range) headers.range = `bytes=${range.start}-${range.end ?? ""}`;
    const result = await this.transport.send(
      { kind: "blob.get", method: "GET", target: `/v2/${repository}/blobs/${digest}`, headers, scopes: pull(repository), expect: [200, 206] },
      options,
    );
    const length = Number(result.headers["content-length"]);
    return { body: result.body, status: result.status, length: Number.isFinite(length) ? length : undefined };
  }

  async deleteBlob(repository: string, digest: string, options?: CallOptions): Promise<void> {
    await this.delete("blob.delete", repository, `/v2/${repository}/blobs/${digest}`, options);
  }

  /**
   * Uploads a blob: one PUT with the whole body (POST then PUT ?digest), or PATCH chunks then an
   * empty PUT when `chunkBytes` is set, or with `singlePost` one POST ?digest holding the body
   * (a Buffer the registry declined that way goes again in a PUT). A failure cancels the session.
   */
  async uploadBlob(repository: string, digest: string, body: Buffer | Readable, size: number, options: UploadOptions = {}): Promise<UploadVia> {
    let session = options.session;
    if (!session && options.singlePost && !options.chunkBytes) {
      const posted = await upload.postWholeBlob(this.transport, repository, digest, body, size, options);
      if (posted.stored) return "single-post";
      session = posted.session;
      if (!Buffer.isBuffer(body)) {
        await upload.cancelUpload(this.transport, repository, session, options);
        return "declined";
      }
    }
    session ??= await upload.startUpload(this.transport, repository, options);
    try {
      if (!options.chunkBytes) {
        await upload.finishUpload(this.transport, repository, session, digest, body, size, options);
        return "session";
      }
      const chunkBytes = Math.max(options.chunkBytes, session.minChunkBytes ?? 0);
      let sent = 0;
      for await (const chunk of upload.chunksOf(body, chunkBytes)) {
        session = await upload.patchChunk(this.transport, repository, session, chunk, sent, options);
        sent += chunk.length;
      }
      await upload.finishUpload(this.transport, repository, session, digest, undefined, 0, options);
      return "session";
    } catch (err) {
      await upload.cancelUpload(this.transport, repository, session, options);
      throw err;
    }
  }

  /** Convenience for small in-memory blobs: computes the digest, uploads, returns the digest. */
  async pushBlob(repository: string, bytes: Buffer, options?: UploadOptions): Promise<string> {
    const digest = digestOf(bytes);
    await this.uploadBlob(repository, digest, bytes, bytes.length, options);
    return digest;
  }

  /** Cross-repository mount; `{mounted: false, session}` when the registry opened an upload instead. */
  mountBlob(repository: string, digest: string, from: string, options?: CallOptions): Promise<upload.MountResult> {
    return upload.mountBlob(this.transport, repository, digest, from, options);
  }

  cancelUpload(repository: string, session: upload.UploadSession, options?: CallOptions): Promise<void> {
    return upload.cancelUpload(this.transport, repository, session, options);
  }

  /** Every tag, following `Link` pages of `pageSize` (registries that ignore `n` answer in one page). */
  async listTags(repository: string, options: CallOptions & { pageSize?: number } = {}): Promise<string[]> {
    const tags: string[] = [];
    const seen = new Set<string>();
    let target: string | undefined = `/v2/${repository}/tags/list${options.pageSize ? `?n=${options.pageSize}` : ""}`;
    for (let page = 0; target && page < 10_000; page++) {
      const result = await this.transport.send({ kind: "tags.list", method: "GET", target, scopes: pull(repository), expect: [200] }, options);
      const body = JSON.parse(await readCapped(result.body, 32 * 1024 * 1024)) as { tags?: unknown };
      const fresh = (Array.isArray(body.tags) ? body.tags : []).filter((t): t is string => typeof t === "string" && !seen.has(t));
      for (const tag of fresh) {
        seen.add(tag);
        tags.push(tag);
      }
      const next = nextLink(result.headers.link);
      // A page with nothing new would loop forever on a registry that ignores `last`.
      target = next && fresh.length > 0 ? next : undefined;
    }
    return tags;
  }

  /**
   * Manifests whose `subject` is `digest`. Uses the referrers API, and the `sha256-<hex>` tag
   * schema when the registry has no such API (it answers 404).
   */
  async referrers(repository: string, digest: string, options: CallOptions & { artifactType?: string } = {}): Promise<Descriptor[]> {
    const filter = options.artifactType ? `?artifactType=${encodeURIComponent(options.artifactType)}` : "";
    let target: string | undefined = `/v2/${repository}/referrers/${digest}${filter}`;
    const found: Descriptor[] = [];
    for (let page = 0; target && page < 1_000; page++) {
      const result = await this.transport.send({ kind: "referrers", method: "GET", target, scopes: pull(repository), expect: [200, 404] }, options);
      if (result.status === 404) {
        await result.body.dump();
        if (page > 0) break;
        return this.referrersByTag(repository, digest, options);
      }
      const items = parseReferrersIndex(Buffer.from(await result.body.arrayBuffer()));
      const applied = (result.headers["oci-filters-applied"] ?? "").split(",").map((s) => s.trim());
      found.push(...(options.artifactType && !applied.includes("artifactType") ? items.filter((d) => d.artifactType === options.artifactType) : items));
      target = nextLink(result.headers.link);
    }
    return found;
  }

  private async referrersByTag(repository: string, digest: string, options: CallOptions & { artifactType?: string }): Promise<Descriptor[]> {
    const tag = digest.replace(":", "-");
    if (!(await this.headManifest(repository, tag, options))) return [];
    const index = await this.getManifest(repository, tag, options);
    const items = parseReferrersIndex(index.bytes);
    return options.artifactType ? items.filter((d) => d.artifactType === options.artifactType) : items;
  }

  private async delete(kind: "manifest.delete" | "blob.delete", repository: string, target: string, options?: CallOptions): Promise<void> {
    const scopes = [repositoryScope(repository, ["delete"])];
    const result = await this.transport.send({ kind, method: "DELETE", target, scopes, expect: [200, 202, 204] }, options);
    await result.body.dump();
  }
}

/** The `rel="next"` target of a Link header, e.g. `</v2/r/tags/list?n=2&last=b>; rel="next"`. */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}
