/** Everything one instance's registry holds: its blobs, its per-repository records and open uploads. */

import { join } from "node:path";
import { FsBlobStore, type BlobStore, type UploadSink } from "./blob-store";
import { MemoryBlobStore } from "./memory-blob-store";
import { MetaStore } from "./meta-store";

export interface UploadSession {
  id: string;
  /** The repository the upload was opened on. */
  name: string;
  sink: UploadSink;
  /** Writes to one session are serialised: PATCH order is the data order. */
  busy: boolean;
  /** Wall-clock ms of the last request on it, for purging abandoned sessions. */
  touched: number;
}

/** Sessions idle this long are abandoned (a client that died mid-push); their data is dropped. */
export const UPLOAD_IDLE_MS = 3_600_000;

export class InstanceRegistry {
  readonly blobs: BlobStore;
  readonly meta: MetaStore;
  readonly uploads = new Map<string, UploadSession>();

  constructor(
    readonly instanceId: string,
    stateDir: string | undefined,
  ) {
    const root = stateDir ? join(stateDir, "registry", instanceId) : undefined;
    this.blobs = root ? new FsBlobStore(root) : new MemoryBlobStore();
    this.meta = new MetaStore(root);
  }

  /** Drops sessions idle for UPLOAD_IDLE_MS, so abandoned pushes cannot pile up on disk or in memory. */
  purgeIdleUploads(now = Date.now()): void {
    for (const [id, session] of this.uploads) {
      if (!session.busy && now - session.touched > UPLOAD_IDLE_MS) {
        this.uploads.delete(id);
        void session.sink.discard();
      }
    }
  }

  async closeUploads(): Promise<void> {
    await Promise.all([...this.uploads.values()].map((session) => session.sink.discard()));
    this.uploads.clear();
  }
}
