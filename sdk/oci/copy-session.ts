/**
 * One migration job made of many copies (repositories × tags), as ImageSync runs it. Copies that
 * share a session share its slots, so the concurrency bound holds across all images and blobs of
 * the job, and they share what the job has put on each target registry: a base layer that twenty
 * repositories use is uploaded once; the other repositories mount it from the first (one request,
 * no bytes), and tags of a repository that already received it send nothing at all.
 */

import { Semaphore } from "./pool";

/**
 * Round-trip savers of the copy engine, all on by default. Each can be turned off to measure what
 * it saves (bench/migration.ts) or to work around a registry that mishandles it:
 * - `digest-head`: no HEAD of a manifest's digest when the target answered 404 for its tag (the
 *   manifest is pushed anyway; only a copy of the same content under another tag loses the skip);
 * - `single-post`: a blob goes in one `POST ?digest=` with its body where the target takes that
 *   (learned once per registry from a small blob), instead of POST then PUT;
 * - `mount-first`: a blob this job already put into another repository of the target is mounted
 *   from there with no HEAD before it.
 */
export type CopyTactic = "digest-head" | "single-post" | "mount-first";
const TACTICS: readonly CopyTactic[] = ["digest-head", "single-post", "mount-first"];

/**
 * The tactics left on by `OCI_COPY_WITHOUT` (comma-separated names of tactics to turn off), the
 * switch the migration bench uses to run ImageSync without one of them. Unknown names are refused.
 */
export function copyTacticsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadonlySet<CopyTactic> {
  const off = (env.OCI_COPY_WITHOUT ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  for (const name of off) {
    if (!TACTICS.includes(name as CopyTactic)) throw new TypeError(`OCI_COPY_WITHOUT: "${name}" is not a copy tactic; use any of ${TACTICS.join(", ")}`);
  }
  return new Set(TACTICS.filter((t) => !off.includes(t)));
}

export interface CopySessionOptions {
  /** Requests (blob transfers, manifest reads and writes) in flight at once across every copy. @default 16 */
  concurrency?: number;
  /** The round-trip savers to use. @default all, less those named in `OCI_COPY_WITHOUT` */
  tactics?: Iterable<CopyTactic>;
}

/** What the job knows of a target registry's single-POST support, or the probe that will tell. */
type SinglePostSupport = "yes" | "no" | { probe: Promise<"yes" | "no" | undefined>; settle(answer: "yes" | "no" | undefined): void };

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
  private readonly tactics: ReadonlySet<CopyTactic>;
  private readonly placements = new Map<string, Placement>();
  private readonly singlePost = new Map<string, SinglePostSupport>();

  constructor(options: CopySessionOptions = {}) {
    this.slots = new Semaphore(options.concurrency ?? DEFAULT_SESSION_CONCURRENCY);
    this.tactics = options.tactics ? new Set(options.tactics) : copyTacticsFromEnv();
  }

  uses(tactic: CopyTactic): boolean {
    return this.tactics.has(tactic);
  }

  /**
   * How to upload to the registry at `origin`: "yes" single POST, "no" POST then PUT, "ask" when
   * nobody knows yet and the caller, holding a small blob in memory, is to find out and report
   * through `learnSinglePost`. While one caller asks, the others wait for its answer (it holds a
   * slot and is one request from done), so each upload of the job after the first small one is
   * decided, not guessed.
   */
  async singlePostAt(origin: string, canAsk: boolean): Promise<"yes" | "no" | "ask"> {
    if (!this.uses("single-post")) return "no";
    const known = this.singlePost.get(origin);
    if (known === "yes" || known === "no") return known;
    if (known) return (await known.probe) ?? "no";
    if (!canAsk) return "no";
    let settle!: (answer: "yes" | "no" | undefined) => void;
    const probe = new Promise<"yes" | "no" | undefined>((resolve) => (settle = resolve));
    this.singlePost.set(origin, { probe, settle });
    return "ask";
  }

  /** The asker's finding: taken or not; undefined when its upload failed before the registry said. */
  learnSinglePost(origin: string, taken: boolean | undefined): void {
    const known = this.singlePost.get(origin);
    const answer = taken === undefined ? undefined : taken ? "yes" : "no";
    // A failed probe leaves the question open for the next small blob.
    if (answer === undefined) this.singlePost.delete(origin);
    else this.singlePost.set(origin, answer);
    if (known && typeof known === "object") known.settle(answer);
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
