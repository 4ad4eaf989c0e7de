/**
 * Content digests, and a pass-through stream that proves a blob is what its descriptor says while
 * it flows from the source GET into the target upload.
 */

import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { DigestMismatchError } from "./errors";

const SUPPORTED = new Set(["sha256", "sha512"]);

export function digestAlgorithm(digest: string): string {
  const algorithm = digest.slice(0, digest.indexOf(":"));
  if (!SUPPORTED.has(algorithm)) throw new TypeError(`unsupported digest algorithm in "${digest}"`);
  return algorithm;
}

/** `sha256:<hex>` (or the algorithm of `like`) of in-memory bytes. */
export function digestOf(bytes: Uint8Array, like = "sha256:"): string {
  const algorithm = digestAlgorithm(like);
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}

export interface VerifyOptions {
  digest: string;
  /** Expected byte count; when set, an overrun fails at once instead of at the end. */
  size?: number;
  /** Labels the error, e.g. `blob sha256:… from reg/repo`. */
  where: string;
  /** Called with each chunk's length as it passes. */
  onBytes?: (n: number) => void;
}

/**
 * Hashes and counts what passes through. The final chunk is held back until the whole stream
 * has been checked, so a consumer (an upload) never receives a complete body whose digest is
 * wrong: a mismatch errors the stream before the last bytes leave, and the upload aborts.
 */
export class DigestVerifier extends Transform {
  private readonly hash: Hash;
  private held: Buffer | undefined;
  private seen = 0;

  constructor(private readonly options: VerifyOptions) {
    super();
    this.hash = createHash(digestAlgorithm(options.digest));
  }

  get bytesSeen(): number {
    return this.seen;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.options.size !== undefined && this.seen > this.options.size) {
      callback(this.mismatch());
      return;
    }
    this.hash.update(chunk);
    this.options.onBytes?.(chunk.length);
    const previous = this.held;
    this.held = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    const actual = `${digestAlgorithm(this.options.digest)}:${this.hash.digest("hex")}`;
    const sizeOk = this.options.size === undefined || this.options.size === this.seen;
    if (actual !== this.options.digest || !sizeOk) {
      callback(this.mismatch(actual));
      return;
    }
    callback(null, this.held);
  }

  private mismatch(actual?: string): DigestMismatchError {
    return new DigestMismatchError(this.options.digest, actual, this.options.size, this.seen, this.options.where);
  }
}
