/**
 * What the registry knows per repository beyond the CR state: which blobs are linked into it and
 * which manifests it holds (with what referrers need). The CR state stays the source of truth for
 * repositories and tags; `repoId` ties this record to one life of the repository, so a repository
 * deleted through the API and created again starts empty. Saved as `<root>/meta.json`, written to
 * a temporary file and renamed, one write at a time.
 */

import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../core/atomic-file";

export interface ManifestMeta {
  mediaType: string;
  size: number;
  /** `subject.digest`, for the referrers API. */
  subject?: string;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface RepoMeta {
  /** The CR repository this belongs to; absent while a push has linked blobs but created no repository yet. */
  repoId?: string;
  blobs: Record<string, true>;
  manifests: Record<string, ManifestMeta>;
}

interface MetaFile {
  repos: Record<string, RepoMeta>;
}

export class MetaStore {
  private data: MetaFile = { repos: {} };
  private writing: Promise<void> = Promise.resolve();
  private pending = false;

  constructor(private readonly root?: string) {
    if (!root) return;
    mkdirSync(root, { recursive: true });
    const file = join(root, "meta.json");
    if (existsSync(file)) this.data = JSON.parse(readFileSync(file, "utf8")) as MetaFile;
  }

  /**
   * The repository's record for CR repository `repoId` (undefined: it does not exist in the CR
   * state). A record left from an earlier repository of the same name is dropped.
   */
  repo(name: string, repoId: string | undefined): RepoMeta {
    let meta = Object.prototype.hasOwnProperty.call(this.data.repos, name) ? this.data.repos[name] : undefined;
    if (meta && meta.repoId !== undefined && meta.repoId !== repoId) meta = undefined;
    if (!meta) {
      meta = { blobs: {}, manifests: {} };
      this.data.repos[name] = meta;
    }
    if (repoId !== undefined) meta.repoId = repoId;
    return meta;
  }

  /** The record for a read, without creating one; a record of an earlier repository of the name is ignored. */
  view(name: string, repoId: string | undefined): RepoMeta | undefined {
    const meta = Object.prototype.hasOwnProperty.call(this.data.repos, name) ? this.data.repos[name] : undefined;
    if (!meta) return undefined;
    return meta.repoId === undefined || meta.repoId === repoId ? meta : undefined;
  }

  /** Every record (for the executor's and tests' inspection). */
  names(): string[] {
    return Object.keys(this.data.repos);
  }

  /** Durable once resolved (a no-op in memory). */
  save(): Promise<void> {
    if (!this.root) return Promise.resolve();
    if (this.pending) return this.writing;
    this.pending = true;
    this.writing = this.writing.then(async () => {
      this.pending = false;
      await this.write(JSON.stringify(this.data));
    });
    return this.writing;
  }

  private async write(text: string): Promise<void> {
    await writeFileAtomic(this.root!, "meta.json", text);
  }
}
