/**
 * Content-addressed blob storage for one instance: on disk under `<root>/blobs/<algorithm>/<hex>`
 * (streamed, written to `<root>/uploads/` and renamed into place, so a blob is whole or absent),
 * or in memory when the emulator has no state directory. Upload sessions hash as they go, so the
 * commit verifies digest and size without reading the data again.
 */

import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, rmSync } from "node:fs";
import { open, rename, rm, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Inclusive byte range, as HTTP states it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface UploadSink {
  readonly size: number;
  /**
   * The digest of everything appended, in `algorithm`. sha256 is hashed as the data arrives;
   * sha512 (rare: the conformance suite) is computed on demand from the stored data.
   */
  digest(algorithm: DigestAlgorithm): Promise<string>;
  /** Appends the whole stream; resolves to the new size. */
  append(body: Readable): Promise<number>;
  /** Moves the data into the store under `digest` (already verified by the caller). */
  commit(digest: string): Promise<void>;
  discard(): Promise<void>;
}

export interface BlobStore {
  size(digest: string): Promise<number | undefined>;
  read(digest: string, range?: ByteRange): Readable;
  readAll(digest: string): Promise<Buffer>;
  /** Small content (manifests), written atomically. */
  putBytes(digest: string, bytes: Buffer): Promise<void>;
  newUpload(id: string): UploadSink;
}

/** Larger file reads and writes than the 64 KiB default: fewer syscalls per layer. */
const IO_CHUNK = 1024 * 1024;

export type DigestAlgorithm = "sha256" | "sha512";

export const DIGEST_PATTERN = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export const algorithmOf = (digest: string): DigestAlgorithm => (digest.startsWith("sha512:") ? "sha512" : "sha256");

export const digestBytes = (bytes: Buffer, algorithm: DigestAlgorithm = "sha256") =>
  `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;

/** Counts and hashes the bytes passing through. */
class HashingCounter extends Transform {
  constructor(
    private readonly hash: Hash,
    private readonly onBytes: (n: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.onBytes(chunk.length);
    done(null, chunk);
  }
}


export class FsBlobStore implements BlobStore {
  private readonly blobs: string;
  private readonly uploads: string;

  constructor(root: string) {
    this.blobs = join(root, "blobs");
    this.uploads = join(root, "uploads");
    mkdirSync(join(this.blobs, "sha256"), { recursive: true });
    mkdirSync(join(this.blobs, "sha512"), { recursive: true });
    // Half-written uploads from an earlier run can never be resumed: their sessions died with it.
    rmSync(this.uploads, { recursive: true, force: true });
    mkdirSync(this.uploads, { recursive: true });
  }

  private path(digest: string): string {
    const [algorithm, hex] = digest.split(":");
    return join(this.blobs, algorithm!, hex!);
  }

  async size(digest: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(digest))).size;
    } catch {
      return undefined;
    }
  }

  read(digest: string, range?: ByteRange): Readable {
    return createReadStream(this.path(digest), { highWaterMark: IO_CHUNK, ...(range ? { start: range.start, end: range.end } : {}) });
  }

  async readAll(digest: string): Promise<Buffer> {
    const handle = await open(this.path(digest), "r");
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async putBytes(digest: string, bytes: Buffer): Promise<void> {
    if ((await this.size(digest)) === bytes.length) return;
    const temp = join(this.uploads, `put-${digest.replace(":", "-")}-${process.pid}-${Date.now()}`);
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path(digest));
  }

  newUpload(id: string): UploadSink {
    return new FsUpload(join(this.uploads, id), (digest) => this.path(digest));
  }
}

class FsUpload implements UploadSink {
  private hash = createHash("sha256");
  private bytes = 0;

  constructor(
    private readonly file: string,
    private readonly blobPath: (digest: string) => string,
  ) {}

  get size(): number {
    return this.bytes;
  }

  async digest(algorithm: DigestAlgorithm): Promise<string> {
    if (algorithm === "sha256") return `sha256:${this.hash.copy().digest("hex")}`;
    const hash = createHash(algorithm);
    if (this.bytes > 0) for await (const chunk of createReadStream(this.file)) hash.update(chunk as Buffer);
    return `${algorithm}:${hash.digest("hex")}`;
  }

  async append(body: Readable): Promise<number> {
    // A body cut short rolls back to the last whole append, so the session can resume from `size`.
    const before = this.hash.copy();
    let added = 0;
    try {
      await pipeline(body, new HashingCounter(this.hash, (n) => (added += n)), createWriteStream(this.file, { flags: "a", highWaterMark: IO_CHUNK }));
    } catch (error) {
      this.hash = before;
      await truncate(this.file, this.bytes).catch(() => undefined);
      throw error;
    }
    this.bytes += added;
    return this.bytes;
  }

  async commit(digest: string): Promise<void> {
    if (this.bytes === 0) await (await open(this.file, "a")).close();
    await rename(this.file, this.blobPath(digest));
  }

  discard(): Promise<void> {
    return rm(this.file, { force: true });
  }
}
