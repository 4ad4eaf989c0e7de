/**
 * Reading the source side of a copy: which manifest goes under each target reference (after the
 * platform filter), and the tree of child manifests and blobs beneath it. No target request here.
 */

import { digestOf } from "./digest";
import { NoMatchingPlatformError } from "./errors";
import { isForeignLayer, parseManifest, type Descriptor, type ParsedManifest } from "./manifest";
import type { Manifest } from "./client";
import { formatPlatform, parsePlatform, selectPlatforms } from "./platform";
import type { CopyContext } from "./copy-blobs";

export interface ManifestNode {
  manifest: Manifest;
  parsed: ParsedManifest;
  /** Child manifests of an index; empty for an image. */
  children: ManifestNode[];
  /** Config and layers of an image that live in the registry; empty for an index. */
  blobs: Descriptor[];
}

export interface RootChoice {
  manifest: Manifest;
  /** A filtered index built here, whose digest is not the source's. */
  rewritten: boolean;
}

/**
 * Applies the platform filter to a source manifest. An image passes unchanged; an index passes
 * whole when every entry matches, becomes its only matching child when one matches, and becomes
 * a new, smaller index when several (but not all) match.
 */
export async function chooseRoot(ctx: CopyContext, manifest: Manifest, platforms: readonly string[] | undefined): Promise<RootChoice> {
  if (!platforms?.length) return { manifest, rewritten: false };
  const parsed = parseManifest(manifest.bytes, manifest.mediaType);
  if (parsed.kind !== "index") return { manifest, rewritten: false };
  const selected = selectPlatforms(parsed.manifests, platforms.map(parsePlatform));
  if (selected.length === 0) {
    throw new NoMatchingPlatformError(manifest.digest, platforms, parsed.manifests.map((m) => formatPlatform(m.platform)));
  }
  if (selected.length === parsed.manifests.length) return { manifest, rewritten: false };
  if (selected.length === 1) {
    const child = await ctx.slots.run(
      () => ctx.source.client.getManifest(ctx.source.repository, selected[0]!.digest, { ...ctx.sourceCall() }),
      ctx.signal,
    );
    return { manifest: child, rewritten: false };
  }
  return { manifest: filteredIndex(manifest, selected), rewritten: true };
}

/** The source index with only `keep` entries; every other field, known or not, stays as it was. */
function filteredIndex(index: Manifest, keep: readonly Descriptor[]): Manifest {
  const json = JSON.parse(index.bytes.toString("utf8")) as { manifests: unknown[] };
  const wanted = new Set(keep.map((d) => d.digest));
  json.manifests = json.manifests.filter((m) => wanted.has((m as { digest?: string }).digest ?? ""));
  const bytes = Buffer.from(JSON.stringify(json));
  return { bytes, mediaType: index.mediaType, digest: digestOf(bytes), size: bytes.length };
}

/** Reads child manifests (by digest, verified) down the whole tree, each digest once per copy. */
export class TreePlanner {
  private readonly nodes = new Map<string, Promise<ManifestNode>>();

  constructor(private readonly ctx: CopyContext) {}

  plan(manifest: Manifest): Promise<ManifestNode> {
    let node = this.nodes.get(manifest.digest);
    if (!node) {
      node = this.build(manifest);
      this.nodes.set(manifest.digest, node);
    }
    return node;
  }

  private async build(manifest: Manifest): Promise<ManifestNode> {
    const parsed = parseManifest(manifest.bytes, manifest.mediaType);
    if (parsed.kind === "image") {
      const blobs = [parsed.config, ...parsed.layers.filter((l) => !isForeignLayer(l))];
      for (const blob of blobs) this.ctx.progress.plan(blob);
      return { manifest, parsed, children: [], blobs: dedupe(blobs) };
    }
    const children = await Promise.all(parsed.manifests.map((d) => this.child(d)));
    return { manifest, parsed, children, blobs: [] };
  }

  private async child(descriptor: Descriptor): Promise<ManifestNode> {
    const { source } = this.ctx;
    const fetched = await this.ctx.slots.run(() => source.client.getManifest(source.repository, descriptor.digest, this.ctx.sourceCall()), this.ctx.signal);
    return this.plan(fetched);
  }
}

/** An image may list one layer twice (an empty layer, say); it is moved once. */
function dedupe(blobs: Descriptor[]): Descriptor[] {
  const seen = new Set<string>();
  return blobs.filter((b) => !seen.has(b.digest) && !!seen.add(b.digest));
}
