/**
 * The registry's view of the CR control plane, whose state is the source of truth for namespaces,
 * repositories and tags: every request looks them up afresh, so DeleteRepository or DeleteRepoTag
 * through the API shows at once. Changes made here (a pushed tag, an auto-created repository, a
 * deleted tag) are persisted with the rest of the emulator state before the client hears back, and
 * the passive sync tasks a push triggers are handed to the executor.
 */

import type { EmulatorRuntime } from "../core/runtime";
import { addPassiveTasks, recordTag, RecordTagError, startTasks, type PushedImage, type SyncExecutor } from "../cr";
import { CrCode } from "../cr/errors";
import { entry } from "../cr/lookup";
import { addRepository } from "../cr/repo-store";
import { RepoName } from "../cr/rules";
import type { CrState, InstanceRecord, NamespaceRecord, RepositoryRecord } from "../cr/state";
import { oci, RegistryApiError } from "./errors";
import type { WebhookSender } from "./webhook-sender";

export interface RepoAddress {
  /** `<namespace>/<repo>` */
  name: string;
  namespace: string;
  repo: string;
}

export function parseRepoName(name: string): RepoAddress {
  const parts = name.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw oci.nameInvalid(name);
  return { name, namespace: parts[0], repo: parts[1] };
}

export interface RepoLookup {
  instance: InstanceRecord;
  namespace?: NamespaceRecord;
  repo?: RepositoryRecord;
}

export class CrBridge {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly syncExecutor: () => SyncExecutor | undefined,
    private readonly webhooks?: WebhookSender,
  ) {}

  get state(): CrState {
    return this.runtime.state.cr as CrState;
  }

  now(): number {
    return this.runtime.clock.now().getTime();
  }

  instance(instanceId: string): InstanceRecord | undefined {
    return entry(this.state.instances, instanceId);
  }

  lookup(instanceId: string, address: RepoAddress): RepoLookup {
    const instance = this.instance(instanceId);
    if (!instance) throw oci.nameUnknown(address.name, `instance ${instanceId} no longer exists`);
    const namespace = entry(instance.namespaces, address.namespace);
    const repo = namespace ? entry(namespace.repositories, address.repo) : undefined;
    return { instance, namespace, repo };
  }

  /** The repository, which must exist (pull, delete). */
  existing(instanceId: string, address: RepoAddress): RepositoryRecord {
    const found = this.lookup(instanceId, address);
    if (!found.namespace) throw oci.nameUnknown(address.name, `namespace ${address.namespace} does not exist in instance ${instanceId}`);
    if (!found.repo) throw oci.nameUnknown(address.name, `repository ${address.repo} does not exist in namespace ${address.namespace}`);
    return found.repo;
  }

  /**
   * Refuses a push before any data moves when it could never land: no namespace, or no repository
   * and no AutoCreateRepo. Returns the repository when it exists already.
   */
  assertPushable(instanceId: string, address: RepoAddress): RepositoryRecord | undefined {
    const found = this.lookup(instanceId, address);
    if (!found.namespace) {
      throw oci.nameUnknown(address.name, `namespace ${address.namespace} does not exist in instance ${instanceId}; create it first (CreateNamespace)`);
    }
    if (found.repo) return found.repo;
    if (!found.namespace.autoCreateRepo) {
      throw oci.nameUnknown(
        address.name,
        `repository ${address.name} does not exist and namespace ${address.namespace} does not create repositories on push (AutoCreateRepo is off); create it first (CreateRepository)`,
      );
    }
    if (!RepoName.safeParse(address.repo).success) {
      throw oci.nameInvalid(address.name);
    }
    return undefined;
  }

  /** For a push by digest: the repository, created (AutoCreateRepo) when missing. */
  async ensureRepository(instanceId: string, address: RepoAddress): Promise<RepositoryRecord> {
    const existing = this.assertPushable(instanceId, address);
    if (existing) return existing;
    const { instance, namespace } = this.lookup(instanceId, address);
    const defaults = namespace!.defaultRepoConfiguration;
    let repo: RepositoryRecord;
    try {
      repo = addRepository(
        instance,
        namespace!,
        { repoName: address.repo, repoType: defaults.repoType, summary: "", detail: "", tagImmutability: defaults.tagImmutability, buildType: "AUTO" },
        this.now(),
      );
    } catch (error) {
      throw translate(error);
    }
    await this.changed();
    return repo;
  }

  /** A tag push: through `recordTag` (creation, immutability, quotas), then any passive sync tasks. */
  async pushTag(instanceId: string, address: RepoAddress, image: PushedImage): Promise<RepositoryRecord> {
    const instance = this.instance(instanceId);
    if (!instance) throw oci.nameUnknown(address.name, `instance ${instanceId} no longer exists`);
    let result;
    try {
      result = recordTag(this.state, instanceId, address.namespace, address.repo, image, this.now());
    } catch (error) {
      throw translate(error);
    }
    const tasks = result.matchedRules.length
      ? addPassiveTasks(
          this.state,
          { regionId: instance.regionId, instanceId, namespaceName: address.namespace, repoName: address.repo, tag: image.tag },
          result.matchedRules,
          this.now(),
        )
      : [];
    await this.changed();
    if (tasks.length) {
      startTasks(this.state, this.syncExecutor(), tasks, () => this.now());
      await this.changed();
    }
    // Started, not awaited: a slow or failing webhook never holds up the push.
    this.webhooks?.pushed({ instance, namespaceName: address.namespace, repo: result.repo, tag: image.tag, digest: result.repo.tags[image.tag]!.digest, time: this.now() });
    return result.repo;
  }

  /** Removes tags (all pointing at `digest`, or one by name); returns how many went. */
  async deleteTags(repo: RepositoryRecord, match: { tag?: string; digest?: string }): Promise<number> {
    let removed = 0;
    for (const tag of Object.values(repo.tags)) {
      if ((match.tag !== undefined && tag.tag === match.tag) || (match.digest !== undefined && tag.digest === match.digest)) {
        delete repo.tags[tag.tag];
        removed++;
      }
    }
    if (removed) {
      repo.modifiedTime = this.now();
      await this.changed();
    }
    return removed;
  }

  /** Persists the emulator state, as the API pipeline does after a change. */
  async changed(): Promise<void> {
    this.runtime.revision++;
    await this.runtime.store.save(this.runtime.state);
  }
}

function translate(error: unknown): Error {
  if (!(error instanceof RecordTagError) && !(error instanceof Error && "code" in error)) return error as Error;
  const code = (error as { code: string }).code;
  const message = error.message;
  switch (code) {
    case CrCode.TagImmutable:
      return new RegistryApiError(403, "DENIED", `${message} The repository has tag immutability on; push a new tag instead.`);
    case CrCode.RepoQuotaExceeded:
    case CrCode.NamespaceQuotaExceeded:
      return oci.denied(message);
    case CrCode.NamespaceNotExist:
    case CrCode.RepoNotExist:
    case CrCode.InstanceNotExist:
      return new RegistryApiError(404, "NAME_UNKNOWN", message);
    case CrCode.RepoNameInvalid:
      return new RegistryApiError(400, "NAME_INVALID", message);
    case CrCode.ParamInvalid:
      return oci.tagInvalid(message);
    default:
      return oci.denied(message);
  }
}
