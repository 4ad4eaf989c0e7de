/**
 * Registry-to-registry image copy, the way crane and regclient do it:
 *  1. read each source manifest and HEAD the target reference; the same digest there means the
 *     reference is done (one HEAD, no blob traffic);
 *  2. with `overwrite: false`, any reference holding other content stops the copy before a write;
 *  3. for the rest, walk the manifest tree: blobs (bounded in parallel) before their manifest,
 *     index children before the index, the tagged manifest last, so a reader never sees a tag
 *     whose content is incomplete. A failure anywhere aborts the rest and writes no manifest above it.
 * A re-run after an interruption therefore only moves what is still missing.
 */

import { setMaxListeners } from "node:events";
import { repositoryScope } from "./challenge";
import { BlobCopier, ProgressMeter, type CopyContext } from "./copy-blobs";
import { TreePlanner, chooseRoot, type ManifestNode } from "./copy-plan";
import type { CopiedReference, CopyCommonOptions, CopyImageOptions, CopyReferenceOptions, CopyReport } from "./copy-types";
import { RegistryError, TagConflictError, type TagConflict } from "./errors";
import type { Manifest, ManifestInfo } from "./client";
import { CopySession } from "./copy-session";
import { settleAll } from "./pool";
import { isValidDigest, isValidTag } from "./reference";
import { resolveRetry, type ResolvedRetry } from "./retry";
import type { CallOptions, RequestTally } from "./transport";

/** Slots of a copy that brings no session of its own. */
const DEFAULT_COPY_CONCURRENCY = 4;

interface CopyItem {
  source: string;
  target: string;
}

/** Copies tags (a list, a pattern, or all) and/or one digest from one repository to another. */
export function copyImage(options: CopyImageOptions): Promise<CopyReport> {
  return runCopy(options, (call) => selectItems(options, call));
}

/** Copies one reference (tag or digest) to one target reference (by default the same). */
export function copyReference(options: CopyReferenceOptions): Promise<CopyReport> {
  const target = options.target.reference ?? options.source.reference;
  return runCopy(options, async () => [{ source: options.source.reference, target }]);
}

async function selectItems(options: CopyImageOptions, call: CallOptions): Promise<CopyItem[]> {
  const { source, tags, digest } = options;
  const items: CopyItem[] = [];
  if (tags !== undefined || digest === undefined) {
    const wanted = tags ?? "all";
    let names: string[];
    if (Array.isArray(wanted)) {
      names = wanted;
    } else {
      const all = await source.client.listTags(source.repository, call);
      // A global or sticky RegExp keeps state between test() calls; a fresh, plain copy does not.
      const pattern = wanted === "all" ? undefined : new RegExp(wanted.source, wanted.flags.replace(/[gy]/g, ""));
      names = (pattern ? all.filter((t) => pattern.test(t)) : all).sort();
    }
    for (const tag of names) {
      if (!isValidTag(tag)) throw new TypeError(`"${tag}" is not a valid tag`);
      items.push({ source: tag, target: tag });
    }
  }
  if (digest !== undefined) {
    if (!isValidDigest(digest)) throw new TypeError(`"${digest}" is not a valid digest`);
    items.push({ source: digest, target: digest });
  }
  return items;
}

interface Planned {
  item: CopyItem;
  /** What goes under the target reference, after the platform filter. */
  manifest: Manifest;
  rewritten: boolean;
  /** The target's current answer for the reference. */
  existing?: ManifestInfo;
}

async function runCopy(
  options: CopyCommonOptions & Pick<CopyImageOptions, "source" | "target">,
  select: (sourceCall: CallOptions) => Promise<CopyItem[]>,
): Promise<CopyReport> {
  const controller = new AbortController();
  // Every in-flight request and every queued blob listens on this one signal; that is by design.
  setMaxListeners(0, controller.signal);
  const outer = options.signal;
  const forward = () => controller.abort(outer!.reason);
  if (outer?.aborted) forward();
  outer?.addEventListener("abort", forward, { once: true });

  const requests = { source: {} as RequestTally, target: {} as RequestTally };
  const targetScopes = [repositoryScope(options.target.repository, ["pull", "push"])];
  const report: CopyReport = { references: [], manifests: { copied: 0, skipped: 0 }, blobs: { copied: 0, skipped: 0, mounted: 0 }, bytesMoved: 0, requests };
  const session = options.session ?? new CopySession({ concurrency: options.concurrency ?? DEFAULT_COPY_CONCURRENCY });
  const slots = session.slots;
  // A 429 anywhere slows the whole job: fewer slots, and nothing new starts before its Retry-After.
  const onRetry = (error: unknown, _attempt: number, delayMs: number) => {
    if (RegistryError.isRegistryError(error) && error.status === 429) slots.slowDown(delayMs);
  };
  const baseRetry = resolveRetry(options.retry);
  // Calls made inside a slot give it back while they wait to retry (see Semaphore.yieldFor).
  const retryWait = (ms: number, sleep: ResolvedRetry["sleep"], signal?: AbortSignal) => slots.yieldFor(ms, sleep, signal);
  const pacing = { onRetry: (e: unknown, d: number) => onRetry(e, 0, d), retryWait };
  const ctx: CopyContext = {
    source: options.source,
    target: options.target,
    slots,
    session,
    onRetry,
    retry: { ...baseRetry, sleep: (ms, signal) => retryWait(ms, baseRetry.sleep, signal) },
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    chunkBytes: options.chunkBytes,
    report,
    progress: new ProgressMeter(options.onProgress),
    sourceCall: (): CallOptions => ({ signal: controller.signal, tally: requests.source, ...pacing }),
    // Every look at the target asks for push rights too: the token of the first HEAD then serves the writes.
    targetCall: (): CallOptions => ({ signal: controller.signal, tally: requests.target, scopes: targetScopes, ...pacing }),
  };
  try {
    // The tag listing runs outside any slot, so it retries with plain waits.
    await new CopyRun(ctx, options).run(await select({ signal: controller.signal, tally: requests.source }));
    return report;
  } catch (err) {
    // Siblings fail with whatever the abort made of them; the first real cause is the abort reason.
    throw controller.signal.aborted ? controller.signal.reason : err;
  } finally {
    outer?.removeEventListener("abort", forward);
  }
}

class CopyRun {
  private readonly blobs: BlobCopier;
  private readonly planner: TreePlanner;
  /** Per digest: "the target has everything below this manifest", true when it had the manifest itself. */
  private readonly trees = new Map<string, Promise<boolean>>();
  /** Per digest: an index child written by digest (two indexes may share one). */
  private readonly children = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: CopyContext,
    private readonly options: CopyCommonOptions,
  ) {
    this.blobs = new BlobCopier(ctx);
    this.planner = new TreePlanner(ctx);
  }

  async run(items: CopyItem[]): Promise<void> {
    const { ctx } = this;
    const planned = await settleAll(items.map((item) => this.inspect(item)), ctx.abort);

    const conflicts: TagConflict[] = planned
      .filter((p) => p.existing && p.existing.digest !== p.manifest.digest)
      .map((p) => ({ tag: p.item.target, sourceDigest: p.manifest.digest, targetDigest: p.existing!.digest }));
    if (this.options.overwrite === false && conflicts.length > 0) throw new TagConflictError(ctx.target.repository, conflicts);

    const pending: Planned[] = [];
    const outcomes = new Map<Planned, CopiedReference>();
    for (const p of planned) {
      if (p.existing?.digest !== p.manifest.digest) {
        pending.push(p);
        continue;
      }
      ctx.report.manifests.skipped++;
      outcomes.set(p, { source: p.item.source, target: p.item.target, digest: p.manifest.digest, status: "unchanged" });
      ctx.progress.emit("manifest-skip", { digest: p.manifest.digest, reference: p.item.target });
    }
    const trees = await settleAll(pending.map((p) => this.planner.plan(p.manifest)), ctx.abort);
    ctx.progress.emit("plan");
    const written = await settleAll(pending.map((p, i) => this.writeRoot(p, trees[i]!)), ctx.abort);
    pending.forEach((p, i) => outcomes.set(p, written[i]!));
    // The report lists references in the order they were asked for, not the order they finished.
    ctx.report.references.push(...planned.map((p) => outcomes.get(p)!));
    ctx.progress.emit("done");
  }

  private async inspect(item: CopyItem): Promise<Planned> {
    const { ctx } = this;
    // A tag's HEAD needs nothing from the source: it goes out with the source read, so each
    // image's check costs one round trip of the slower side, not the two in a row (a re-run's
    // whole cost). A digest reference waits: the platform filter may change the digest.
    const tagHead = isValidDigest(item.target) ? undefined : ctx.slots.run(() => this.headTarget(item.target), ctx.signal);
    // Awaited below; a source failure first must not leave its rejection unhandled.
    tagHead?.catch(() => undefined);
    const source = await ctx.slots.run(() => ctx.source.client.getManifest(ctx.source.repository, item.source, ctx.sourceCall()), ctx.signal);
    const choice = await chooseRoot(ctx, source, this.options.platforms);
    // A platform filter can change what is written; a digest reference must then name the new content.
    const target = isValidDigest(item.target) ? choice.manifest.digest : item.target;
    const existing = await (tagHead ?? ctx.slots.run(() => this.headTarget(target), ctx.signal));
    return { item: { ...item, target }, manifest: choice.manifest, rewritten: choice.rewritten, existing };
  }

  /** Some registries answer 403 for a manifest they do not have; that means "absent" here. */
  private async headTarget(reference: string): Promise<ManifestInfo | undefined> {
    try {
      return await this.ctx.target.client.headManifest(this.ctx.target.repository, reference, this.ctx.targetCall());
    } catch (err) {
      if (RegistryError.isRegistryError(err) && err.status === 403) return undefined;
      throw err;
    }
  }

  private async writeRoot(p: Planned, tree: ManifestNode): Promise<CopiedReference> {
    const { ctx } = this;
    const { manifest } = p;
    // The tag's 404 already says the manifest must be pushed; a HEAD of its digest would only find
    // it when another tag holds the same content, which then costs blob HEADs instead.
    const present = await this.ensureTree(tree, p.existing === undefined && ctx.session.uses("digest-head"));
    // A digest reference the target already had needs no second PUT of the same bytes.
    if (!(present && p.item.target === manifest.digest)) {
      await ctx.slots.run(() => ctx.target.client.putManifest(ctx.target.repository, p.item.target, manifest.bytes, manifest.mediaType, ctx.targetCall()), ctx.signal);
      ctx.report.manifests.copied++;
      ctx.progress.emit("manifest-put", { digest: manifest.digest, reference: p.item.target });
    }
    const copied: CopiedReference = { source: p.item.source, target: p.item.target, digest: manifest.digest, status: "copied" };
    if (p.rewritten) copied.rewritten = true;
    return copied;
  }

  /**
   * Makes sure the target holds everything below `node`. Resolves true when the target already
   * had `node` by digest, which vouches for all it references (the registry checked on push).
   * `knownAbsent`: the caller already learned the target lacks it, so no HEAD goes first.
   */
  private ensureTree(node: ManifestNode, knownAbsent = false): Promise<boolean> {
    const key = node.manifest.digest;
    let known = this.trees.get(key);
    if (!known) {
      known = this.checkThenFill(node, knownAbsent);
      this.trees.set(key, known);
    }
    return known;
  }

  private async checkThenFill(node: ManifestNode, knownAbsent: boolean): Promise<boolean> {
    const { ctx } = this;
    if (!knownAbsent && (await ctx.slots.run(() => this.headTarget(node.manifest.digest), ctx.signal))) {
      ctx.report.manifests.skipped++;
      ctx.progress.emit("manifest-skip", { digest: node.manifest.digest });
      this.markPresent(node);
      return true;
    }
    if (node.children.length > 0) await settleAll(node.children.map((child) => this.writeChild(child)), ctx.abort);
    else await settleAll(node.blobs.map((blob) => this.blobs.copy(blob)), ctx.abort);
    return false;
  }

  private writeChild(child: ManifestNode): Promise<void> {
    let task = this.children.get(child.manifest.digest);
    if (!task) {
      task = (async () => {
        const { ctx } = this;
        if (await this.ensureTree(child)) return;
        const { bytes, mediaType, digest } = child.manifest;
        await ctx.slots.run(() => ctx.target.client.putManifest(ctx.target.repository, digest, bytes, mediaType, ctx.targetCall()), ctx.signal);
        ctx.report.manifests.copied++;
        ctx.progress.emit("manifest-put", { digest });
      })();
      this.children.set(child.manifest.digest, task);
    }
    return task;
  }

  private markPresent(node: ManifestNode): void {
    for (const blob of node.blobs) this.blobs.markPresent(blob);
    for (const child of node.children) this.markPresent(child);
  }
}
