/** The in-memory BlobStore of an emulator without a state directory (buffering is fine here). */

import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { digestBytes, type BlobStore, type ByteRange, type UploadSink } from "./blob-store";

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  size(digest: string): Promise<number | undefined> {
    return Promise.resolve(this.blobs.get(digest)?.length);
  }

  read(digest: string, range?: ByteRange): Readable {
    const bytes = this.blobs.get(digest) ?? Buffer.alloc(0);
    return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
  }

  readAll(digest: string): Promise<Buffer> {
    const bytes = this.blobs.get(digest);
    return bytes ? Promise.resolve(bytes) : Promise.reject(new Error(`no blob ${digest}`));
  }

  putBytes(digest: string, bytes: Buffer): Promise<void> {
    this.blobs.set(digest, Buffer.from(bytes));
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
        Promise.resolve(algorithm === "sha256" ? `sha256:${hash.copy().digest("hex")}` : digestBytes(Buffer.concat(chunks), algorithm)),
      async append(body: Readable): Promise<number> {
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
        blobs.set(digest, Buffer.concat(chunks));
        return Promise.resolve();
      },
      discard: () => Promise.resolve(),
    };
  }
}
