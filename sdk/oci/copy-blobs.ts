/**
 * Moves one blob per call, at most once per digest per copy and once per target registry per
 * session: a blob the session already put into another repository of the target is mounted from
 * there (one request); else HEAD on the target; if missing, a cross-repository mount when both
 * sides are one registry; else the source GET body is piped
 * through a DigestVerifier straight into the target upload (one single POST where the target
 * takes it, else POST then PUT), so memory stays at a few chunks whatever the blob size, and
 * wrong content never completes an upload.
 */

import { pipeline } from "node:stream";
import { DigestVerifier } from "./digest";
import { OciError, RegistryError } from "./errors";
import type { Descriptor } from "./manifest";
import type { CopySession } from "./copy-session";
import type { Semaphore } from "./pool";
import { networkCodeOf, withOciRetry, type ResolvedRetry } from "./retry";
import type { UploadVia } from "./client";
import type { CallOptions } from "./transport";
import type { UploadSession } from "./upload";
import type { CopyPhase, CopyProgress, CopyReport, RepositoryEndpoint } from "./copy-types";

/** Shared state of one running copy. */
export interface CopyContext {
  source: RepositoryEndpoint;
  target: RepositoryEndpoint;
  slots: Semaphore;
  /** The job this copy belongs to (its own private one when the caller gave none). */
  session: CopySession;
  /** Told before every retry wait, on either side; slows the whole job down on a 429. */
  onRetry(error: unknown, attempt: number, delayMs: number): void;
  retry: ResolvedRetry;
  signal: AbortSignal;
  /** Stops the whole copy (the first failure anywhere calls it). */
  abort(reason: unknown): void;
  chunkBytes?: number;
  report: CopyReport;
  progress: ProgressMeter;
  /** Options for a call made while holding a slot (its retry waits give the slot back). */
  sourceCall(): CallOptions;
  targetCall(): CallOptions;
}

/** Keeps the running byte totals and emits progress events. */
export class ProgressMeter {
  bytesDone = 0;
  bytesTotal = 0;
  private readonly counted = new Set<string>();

  constructor(private readonly listener?: (event: CopyProgress) => void) {}

  /** Adds a blob to the total once, however many manifests share it. */
  plan(descriptor: Descriptor): void {
    if (this.counted.has(descriptor.digest)) return;
    this.counted.add(descriptor.digest);
    this.bytesTotal += descriptor.size;
  }

  add(bytes: number): void {
    this.bytesDone += bytes;
  }

  emit(phase: CopyPhase, details: { digest?: string; reference?: string } = {}): void {
    this.listener?.({ phase, ...details, bytesDone: this.bytesDone, bytesTotal: this.bytesTotal });
  }
}

export class BlobCopier {
  private readonly started = new Map<string, Promise<void>>();

  constructor(private readonly ctx: CopyContext) {}

  /** Same-registry copies between repositories can mount instead of moving bytes. */
  private get sourceMountable(): boolean {
    const { source, target } = this.ctx;
    return source.client.origin === target.client.origin && source.repository !== target.repository;
  }

  copy(descriptor: Descriptor): Promise<void> {
    let task = this.started.get(descriptor.digest);
    if (!task) {
      task = this.place(descriptor);
      this.started.set(descriptor.digest, task);
    }
    return task;
  }

  /** Blobs of a manifest the target already holds: accounted for without any request. */
  markPresent(descriptor: Descriptor): void {
    if (this.started.has(descriptor.digest)) return;
    this.started.set(descriptor.digest, Promise.resolve());
    this.countPresent(descriptor);
  }

  private countPresent(descriptor: Descriptor): void {
    this.ctx.report.blobs.skipped++;
    this.ctx.progress.add(descriptor.size);
    this.ctx.progress.emit("blob-skip", { digest: descriptor.digest });
  }

  /**
   * Asks the session who moves this blob. Waiting for another copy happens outside any slot, so
   * a slot is only ever held by a request in flight and copies cannot starve each other.
   */
  private async place(descriptor: Descriptor): Promise<void> {
    const { target, session } = this.ctx;
    const claim = session.claim(target.client.origin, target.repository, descriptor.digest);
    if (claim.kind === "wait") {
      if (await untilAborted(claim.done, this.ctx.signal)) return this.countPresent(descriptor);
      // That copy failed; this one tries on its own.
      return this.inSlot(descriptor);
    }
    let ok = false;
    try {
      const mountFrom = claim.mountFrom && (await untilAborted(claim.mountFrom.ready, this.ctx.signal)) ? claim.mountFrom.repository : undefined;
      await this.inSlot(descriptor, mountFrom);
      ok = true;
    } finally {
      claim.settle(ok);
    }
  }

  private inSlot(descriptor: Descriptor, mountFrom?: string): Promise<void> {
    const { ctx } = this;
    return ctx.slots.run(() => withOciRetry(() => this.transfer(descriptor, mountFrom), ctx.retry, ctx.signal, ctx.onRetry), ctx.signal);
  }

  /**
   * `mountFrom`: a repository of the target registry this job already put the blob into. The
   * mount goes first without a HEAD (a registry answers 201 for a blob the repository has too).
   * Otherwise HEAD, then a mount from the source repository on the same registry, then bytes.
   */
  private async transfer(descriptor: Descriptor, mountFrom?: string): Promise<void> {
    const { source, target } = this.ctx;
    const headFirst = mountFrom === undefined || !this.ctx.session.uses("mount-first");
    if (headFirst && (await target.client.headBlob(target.repository, descriptor.digest, this.ctx.targetCall()))) {
      return this.countPresent(descriptor);
    }
    const from = mountFrom ?? (this.sourceMountable ? source.repository : undefined);
    const mount = from === undefined ? undefined : await this.tryMount(descriptor, from);
    if (mount === true) return;
    await this.stream(descriptor, mount || undefined);
  }

  /** True when mounted; the upload session when the registry declined; false when the mount failed. */
  private async tryMount(descriptor: Descriptor, from: string): Promise<true | UploadSession | false> {
    const { target, report, progress } = this.ctx;
    const { digest, size } = descriptor;
    try {
      const mount = await target.client.mountBlob(target.repository, digest, from, this.ctx.targetCall());
      if (!mount.mounted) return mount.session;
      report.blobs.mounted++;
      progress.add(size);
      progress.emit("blob-mount", { digest });
      return true;
    } catch (err) {
      // A refused mount (no pull right on the other repository, say) is not fatal: upload instead.
      if (this.ctx.signal.aborted || (OciError.is(err) && err.kind !== "RegistryError")) throw err;
      return false;
    }
  }

  /**
   * Sends the verified bytes: in one single POST where the target is known to take it; a small
   * blob asks while that is unknown; else (or into a session a declined mount opened) POST, PUT.
   */
  private async send(descriptor: Descriptor, verifier: DigestVerifier, session: UploadSession | undefined): Promise<void> {
    const { target, session: job, chunkBytes } = this.ctx;
    const { digest, size } = descriptor;
    const origin = target.client.origin;
    const call = { ...this.ctx.targetCall(), session, chunkBytes };
    const plan = session || chunkBytes ? "no" : await job.singlePostAt(origin, size <= SINGLE_POST_PROBE_BYTES);
    if (plan === "no") {
      await target.client.uploadBlob(target.repository, digest, verifier, size, call);
      return;
    }
    let via: UploadVia | undefined;
    try {
      via = await target.client.uploadBlob(target.repository, digest, plan === "yes" ? verifier : await readAll(verifier), size, { ...call, singlePost: true });
    } finally {
      if (plan === "ask") job.learnSinglePost(origin, via === undefined ? undefined : via === "single-post");
    }
    if (via === "declined") {
      job.learnSinglePost(origin, false);
      // It took single POSTs before: the retry sends this blob again, as POST then PUT.
      throw new RegistryError({
        status: 202,
        method: "POST",
        url: `${origin}/v2/${target.repository}/blobs/uploads/`,
        retryable: true,
        message: "the registry stopped taking single-POST uploads; sending the blob again as POST then PUT",
      });
    }
  }

  private async stream(descriptor: Descriptor, session: UploadSession | undefined): Promise<void> {
    const { source, report, progress } = this.ctx;
    const { digest, size } = descriptor;
    const from = await source.client.getBlob(source.repository, digest, this.ctx.sourceCall());
    let moved = 0;
    const verifier = new DigestVerifier({
      digest,
      size,
      where: `blob ${digest} from ${source.client.origin}/${source.repository}`,
      onBytes: (n) => {
        moved += n;
        progress.add(n);
        progress.emit("blob-bytes", { digest });
      },
    });
    // pipeline() destroys both ends if either fails, so a broken source aborts the upload body.
    let sourceFailure: unknown;
    pipeline(from.body, verifier, (err) => {
      if (err) sourceFailure ??= err;
    });
    try {
      await this.send(descriptor, verifier, session);
    } catch (err) {
      // Read before the destroys below, which would record a "premature close" of our own making.
      const brokenSource = sourceFailure;
      from.body.destroy();
      verifier.destroy();
      // Take back the bytes of a failed attempt, so a retry does not push the meter past the total.
      progress.add(-moved);
      report.bytesMoved += moved;
      // A source that broke first makes the upload fail with a socket error blaming the target.
      throw brokenSource === undefined ? err : sourceBlobError(brokenSource, source.client.origin, source.repository, digest);
    }
    report.bytesMoved += moved;
    report.blobs.copied++;
    progress.emit("blob-done", { digest });
  }
}

/**
 * The largest blob that asks a registry of unknown support for a single POST. It is held in
 * memory, so a refusal costs one more PUT of it and no second read of the source; and Go's
 * net/http (docker-registry) drains up to 256 KiB of a body its handler left unread, so a probe
 * this small does not cost the connection either. A copy's config blobs are usually this small.
 */
const SINGLE_POST_PROBE_BYTES = 64 * 1024;

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** Another copy's outcome, unless this copy is stopped first: a cancelled copy does not wait out someone else's upload. */
function untilAborted<T>(outcome: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    outcome.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

/** The source side's failure as the caller should see it: our own digest checks as they are, else a network error naming the source. */
function sourceBlobError(err: unknown, origin: string, repository: string, digest: string): unknown {
  if (OciError.is(err) || (err instanceof Error && err.name === "AbortError")) return err;
  return new RegistryError({
    status: 0,
    method: "GET",
    url: `${origin}/v2/${repository}/blobs/${digest}`,
    networkCode: networkCodeOf(err) ?? "ECONNRESET",
    message: `the source's blob body broke off: ${err instanceof Error ? err.message : String(err)}`,
    cause: err,
  });
}
