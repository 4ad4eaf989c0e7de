/**
 * Per-layer results (`LayerTasks`): the blobs of the source image, found by reading its manifest
 * (and, for an index, each child's), then moved along by the copy engine's progress events.
 */

import { isIndexMediaType, parseManifest, type CopyProgress, type Descriptor, type RegistryClient } from "../../sdk/oci";
import { newLayerTaskId } from "../cr/ids";
import type { LayerTaskRecord, SyncTaskStatus } from "../cr/state";

export interface PlannedImage {
  /** The digest of the manifest the source reference resolves to. */
  digest: string;
  layers: LayerTaskRecord[];
}

/** Blobs that live outside registries by design are never copied (sdk/oci isForeignLayer). */
function copied(descriptor: Descriptor): boolean {
  return !/foreign|nondistributable/.test(descriptor.mediaType) && (descriptor.urls?.length ?? 0) === 0;
}

export async function planLayers(client: RegistryClient, repository: string, reference: string, signal: AbortSignal): Promise<PlannedImage> {
  const root = await client.getManifest(repository, reference, { signal });
  const layers = new Map<string, LayerTaskRecord>();
  const addImage = (artifactDigest: string, blobs: Descriptor[]) => {
    for (const blob of blobs) {
      if (!copied(blob) || layers.has(blob.digest)) continue;
      layers.set(blob.digest, { syncLayerTaskId: newLayerTaskId(), digest: blob.digest, artifactDigest, size: blob.size, syncedSize: 0, status: "PENDING" });
    }
  };
  const parsed = parseManifest(root.bytes, root.mediaType);
  if (parsed.kind === "image") {
    addImage(root.digest, [parsed.config, ...parsed.layers]);
  } else {
    for (const child of parsed.manifests) {
      const manifest = await client.getManifest(repository, child.digest, { signal });
      if (isIndexMediaType(manifest.mediaType)) continue;
      const image = parseManifest(manifest.bytes, manifest.mediaType);
      if (image.kind === "image") addImage(manifest.digest, [image.config, ...image.layers]);
    }
  }
  return { digest: root.digest, layers: [...layers.values()] };
}

/** Folds copy progress events into the layer records and the task's byte totals. */
export class LayerMeter {
  private lastBytes = 0;
  bytesDone = 0;
  bytesTotal: number;

  constructor(readonly layers: LayerTaskRecord[]) {
    this.bytesTotal = layers.reduce((sum, layer) => sum + layer.size, 0);
  }

  private layer(digest: string | undefined): LayerTaskRecord | undefined {
    return digest === undefined ? undefined : this.layers.find((l) => l.digest === digest);
  }

  private set(layer: LayerTaskRecord | undefined, status: SyncTaskStatus, syncedSize?: number): void {
    if (!layer) return;
    layer.status = status;
    if (syncedSize !== undefined) layer.syncedSize = Math.max(0, Math.min(layer.size, syncedSize));
  }

  /**
   * Each engine event follows exactly one change of its running byte count, so the change since the
   * previous event belongs to the event's blob.
   */
  onProgress(event: CopyProgress): void {
    const delta = event.bytesDone - this.lastBytes;
    this.lastBytes = event.bytesDone;
    this.bytesDone = event.bytesDone;
    if (event.bytesTotal > this.bytesTotal) this.bytesTotal = event.bytesTotal;
    const layer = this.layer(event.digest);
    switch (event.phase) {
      case "blob-bytes":
        this.set(layer, "SYNCHRONIZING", (layer?.syncedSize ?? 0) + delta);
        break;
      case "blob-done":
      case "blob-skip":
      case "blob-mount":
        this.set(layer, "SUCCESS", layer?.size);
        break;
      case "manifest-skip":
        // The target had this manifest already: everything below it is there.
        if (event.digest) for (const l of this.layers) if (l.artifactDigest === event.digest) this.set(l, "SUCCESS", l.size);
        break;
      default:
        break;
    }
  }

  /** Fraction done, 0..1, short of 1 until the manifest is written. */
  get fraction(): number {
    if (this.bytesTotal === 0) return 0;
    return Math.min(0.99, this.bytesDone / this.bytesTotal);
  }

  /** Unfinished layers take the task's outcome. */
  settle(status: SyncTaskStatus): void {
    for (const layer of this.layers) if (layer.status === "PENDING" || layer.status === "SYNCHRONIZING") layer.status = status;
  }

  /** A finished copy: every layer is on the target. */
  complete(): void {
    for (const layer of this.layers) this.set(layer, "SUCCESS", layer.size);
    this.bytesDone = this.bytesTotal;
  }
}
