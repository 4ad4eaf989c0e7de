/**
 * One migration job made of many copies (repositories × tags), as ImageSync runs it. Copies that
 * share a session share its slots, so the concurrency bound holds across all images and blobs of
 * the job, and they share what the job has put on each target registry: a base layer that twenty
 * repositories use is uploaded once; the other repositories mount it from the first (one request,
 * no bytes), and tags of a repository that already received it send nothing at all.
 */

import { Semaphore } from "./pool";

export interface CopySessionOptions {
  /** Requests (blob transfers, manifest reads and writes) in flight at once across every copy. @default 16 */
  concurrency?: number;
}

/** Where the job put one blob on one target registry. */
interface Placement {
  /** The first repository it went to: the one others mount from. */
  repository: string;
  ready: Promise<boolean>;
  /** Per repository of the job: resolves true once the blob is there, false when that transfer failed. */
  holders: Map<string, Promise<boolean>>;
}

export type BlobClaim =
  /** Another copy of the job is putting this blob into this very repository: wait, then count it present. */
  | { kind: "wait"; done: Promise<boolean> }
  /**
   * This copy puts the blob here, and calls `settle` with the outcome. With `mountFrom`, the job
   * already put it (or is putting it) into another repository of the registry: once `ready`
   * resolves true, a mount from there is the whole transfer.
   */
  | { kind: "mine"; mountFrom?: { repository: string; ready: Promise<boolean> }; settle(ok: boolean): void };

/**
 * bench/results/migration.md: 12 repositories × 5 tags over 30 ms took 8.0 s at 8, 6.55 s at 16 and
 * 6.50 s at 32 (peak RSS 130, 127, 147 MB); beyond 16 the round trips no longer bound the copy.
 */
export const DEFAULT_SESSION_CONCURRENCY = 16;

export class CopySession {
  readonly slots: Semaphore;
  private readonly placements = new Map<string, Placement>();

  constructor(options: CopySessionOptions = {}) {
    this.slots = new Semaphore(options.concurrency ?? DEFAULT_SESSION_CONCURRENCY);
  }

  /** Who moves `digest` into `repository` of the registry at `origin`, and from where. */
  claim(origin: string, repository: string, digest: string): BlobClaim {
    const key = `${origin} ${digest}`;
    const placement = this.placements.get(key);
    const pending = placement?.holders.get(repository);
    if (pending) return { kind: "wait", done: pending };

    let settle!: (ok: boolean) => void;
    const done = new Promise<boolean>((resolve) => (settle = resolve));
    if (!placement) {
      this.placements.set(key, { repository, ready: done, holders: new Map([[repository, done]]) });
      return {
        kind: "mine",
        settle: (ok) => {
          // A failed first transfer leaves nothing to mount from: the next copy of this blob starts afresh.
          if (!ok && this.placements.get(key)?.ready === done) this.placements.delete(key);
          settle(ok);
        },
      };
    }
    placement.holders.set(repository, done);
    return {
      kind: "mine",
      mountFrom: { repository: placement.repository, ready: placement.ready },
      settle: (ok) => {
        if (!ok && placement.holders.get(repository) === done) placement.holders.delete(repository);
        settle(ok);
      },
    };
  }
}
