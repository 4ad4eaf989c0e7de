/**
 * The in-memory BlobStore of an emulator without a state directory. A blob is kept as the chunks
 * it arrived in: joining a 100 MB layer into one Buffer cost seconds of copying and page faults
 * per push, for nothing, since reads stream the chunks out again.
 */

import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { digestBytes, type BlobStore, type ByteRange, type UploadSink } from "./blob-store";

interface StoredBlob {
  chunks: Buffer[];
  size: number;
}

/** The parts of `chunks` that fall in the inclusive `range`, as views (no copy). */
export function sliceChunks(chunks: Buffer[], range: ByteRange): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    const start = Math.max(range.start - offset, 0);
    const end = Math.min(range.end + 1 - offset, chunk.length);
    if (start < end) out.push(chunk.subarray(start, end));
    offset += chunk.length;
    if (offset > range.end) break;
  }
  return out;
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, StoredBlob>();

  size(digest: string): Promise<number | undefined> {
    return Promise.resolve(this.blobs.get(digest)?.size);
  }

  read(digest: string, range?: ByteRange): Readable {
    const chunks = this.blobs.get(digest)?.chunks ?? [];
    return Readable.from(range ? sliceChunks(chunks, range) : chunks, { objectMode: false });
  }

  readAll(digest: string): Promise<Buffer> {
    const blob = this.blobs.get(digest);
    return blob ? Promise.resolve(Buffer.concat(blob.chunks, blob.size)) : Promise.reject(new Error(`no blob ${digest}`));
  }

  putBytes(digest: string, bytes: Buffer): Promise<void> {
    this.blobs.set(digest, { chunks: [Buffer.from(bytes)], size: bytes.length });
    return Promise.resolve();
  }

  newUpload(): UploadSink {
    const chunks: Buffer[] = [];
    let hash = createHash("sha256");
    let size = 0;
    const blobs = this.blobs;
    return {
      get size() {
        return size;
      },
      digest: (algorithm) =>
        Promise.resolve(algorithm === "sha256" ? `sha256:${hash.copy().digest("hex")}` : digestBytes(Buffer.concat(chunks, size), algorithm)),
      async append(body: Readable): Promise<number> {
        // A body cut short rolls back to the last whole append, so the session can resume from `size`.
        const before = hash.copy();
        const added: Buffer[] = [];
        try {
          for await (const chunk of body as AsyncIterable<Buffer>) {
            hash.update(chunk);
            added.push(chunk);
          }
        } catch (error) {
          hash = before;
          throw error;
        }
        for (const chunk of added) {
          chunks.push(chunk);
          size += chunk.length;
        }
        return size;
      },
      commit(digest: string): Promise<void> {
        blobs.set(digest, { chunks, size });
        return Promise.resolve();
      },
      discard: () => Promise.resolve(),
    };
  }
}
