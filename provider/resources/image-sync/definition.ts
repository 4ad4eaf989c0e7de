import { CopySession, DEFAULT_SESSION_CONCURRENCY, copyReference, RegistryClient, type RegistryCredentials } from "../../../sdk/oci";
import { ProviderError } from "../../errors";
import { redactError } from "../../redact";
import type { ResourceContext, ResourceDefinition } from "../../resource-definition";
import { configObject, imageSyncInputs, imageSyncOutputs, type ImageSyncInputs, type ImageSyncOutputs } from "./args";
import { authFor, pairsFromConfig, parseTagSelection, pickTags, splitImage, type ImageAddress, type SyncPair } from "./syncer-config";

const DEFAULT_RETRIES = 2;

const refOf = (a: ImageAddress) => `${a.registry}/${a.repository}`;

/** What the sync copies: one pair, or every entry of the image-syncer config. */
export function syncPairs(inputs: ImageSyncInputs): SyncPair[] {
  const config = configObject(inputs.config);
  if (config) return pairsFromConfig(config, { registry: inputs.defaultTargetRegistry, namespace: inputs.defaultTargetNamespace });
  const { address, tagText } = splitImage(inputs.source!);
  return [{ source: address, target: splitImage(inputs.target!).address, tags: parseTagSelection(inputs.tags ?? tagText) }];
}

/** Every password we were handed, so no error can carry one out. */
function secretsOf(inputs: ImageSyncInputs): string[] {
  const config = configObject(inputs.config);
  const values = [inputs.sourceCredentials?.password, inputs.targetCredentials?.password, ...Object.values(config?.auth ?? {}).map((a) => a.password)];
  return values.filter((v): v is string => typeof v === "string" && v.length >= 6);
}

interface Endpoint {
  credentials?: RegistryCredentials;
  insecure?: boolean;
}

/** One registry client per registry, shared by every tag copied to or from it. */
class ClientPool {
  private readonly clients = new Map<string, RegistryClient>();
  get(registry: string, endpoint: Endpoint): RegistryClient {
    // Source and target may be one registry under two logins.
    const key = `${registry}\u0000${endpoint.credentials?.username ?? ""}\u0000${endpoint.insecure ? "http" : "https"}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new RegistryClient({ registry, insecure: endpoint.insecure, credentials: endpoint.credentials });
      this.clients.set(key, client);
    }
    return client;
  }
  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }
}

/** How to reach a source registry: the given credentials, else the config's auth entry. */
function sourceEndpoint(inputs: ImageSyncInputs, image: ImageAddress): Endpoint {
  const auth = authFor(configObject(inputs.config)?.auth, image);
  const credentials = inputs.sourceCredentials ?? (auth?.username ? { username: auth.username, password: auth.password ?? "" } : undefined);
  return { credentials, insecure: inputs.sourceInsecure ?? auth?.insecure };
}

export interface PlannedImage {
  pair: SyncPair;
  tags: string[];
}

/** Which tags each image would copy: reads the source's tag lists, writes nothing. */
async function plan(inputs: ImageSyncInputs, pool: ClientPool): Promise<PlannedImage[]> {
  // All listings at once: a remote Harbor with many repositories costs one round trip, not one per repository.
  return Promise.all(
    syncPairs(inputs).map(async (pair) => {
      const source = pool.get(pair.source.registry, sourceEndpoint(inputs, pair.source));
      const available = pair.tags.kind === "list" ? [] : await source.listTags(pair.source.repository);
      return { pair, tags: pickTags(pair.tags, available) };
    }),
  );
}

/** `<source>:<tag>` for every tag the sync would copy, sorted. Used at preview by the ImageSync class. */
export async function planTags(inputs: ImageSyncInputs): Promise<string[]> {
  const pool = new ClientPool();
  try {
    return (await plan(inputs, pool)).flatMap(({ pair, tags }) => tags.map((t) => `${refOf(pair.source)}:${t}`)).sort();
  } catch (error) {
    throw redactError(error, secretsOf(inputs));
  } finally {
    await pool.close();
  }
}

async function endpoints(ctx: ResourceContext, inputs: ImageSyncInputs) {
  const config = configObject(inputs.config);
  let token: RegistryCredentials | undefined;
  const source = (image: ImageAddress): Endpoint => sourceEndpoint(inputs, image);
  const target = async (image: ImageAddress): Promise<Endpoint> => {
    const auth = authFor(config?.auth, image);
    let credentials = inputs.targetCredentials ?? (auth?.username ? { username: auth.username, password: auth.password ?? "" } : undefined);
    if (!credentials && inputs.targetInstanceId) {
      // A temporary login for the ACR instance (GetAuthorizationToken), as `docker login` would use.
      if (!token) {
        const { cr } = await ctx.clients(inputs.connection);
        const answer = await cr.getAuthorizationToken({ InstanceId: inputs.targetInstanceId });
        token = { username: answer.TempUsername, password: answer.AuthorizationToken };
      }
      credentials = token;
    }
    return { credentials, insecure: inputs.targetInsecure ?? auth?.insecure };
  };
  return { source, target };
}

/** Run `work` over `items`, at most `limit` at once. */
async function pooled<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

async function runSync(ctx: ResourceContext, inputs: ImageSyncInputs): Promise<ImageSyncOutputs> {
  const pool = new ClientPool();
  const sides = await endpoints(ctx, inputs);
  const retries = inputs.retries ?? DEFAULT_RETRIES;
  try {
    // Plan: list the source's tags where the selection needs them.
    const jobs: Array<{ pair: SyncPair; tag: string; source: RegistryClient; target: RegistryClient }> = [];
    const planned = await plan(inputs, pool);
    const pairs = planned.map((p) => p.pair);
    for (const { pair, tags } of planned) {
      const source = pool.get(pair.source.registry, sides.source(pair.source));
      const target = pool.get(pair.target.registry, await sides.target(pair.target));
      ctx.log(`${refOf(pair.source)} → ${refOf(pair.target)}: ${tags.length} tag(s)${tags.length ? `: ${tags.join(", ")}` : ""}`);
      for (const tag of tags) jobs.push({ pair, tag, source, target });
    }

    const outcomes = new Map<SyncPair, Array<{ tag: string; digest: string; status: string }>>();
    const failures: string[] = [];
    let bytesMoved = 0;
    // One session for the whole job: one bound on requests in flight across every image and blob,
    // and a layer shared by many repositories is uploaded once and mounted into the others.
    const concurrency = inputs.concurrency ?? DEFAULT_SESSION_CONCURRENCY;
    const session = new CopySession({ concurrency });
    await pooled(jobs, concurrency, async (job) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const report = await copyReference({
            source: { client: job.source, repository: job.pair.source.repository, reference: job.tag },
            target: { client: job.target, repository: job.pair.target.repository },
            session,
          });
          bytesMoved += report.bytesMoved;
          const ref = report.references[0]!;
          const list = outcomes.get(job.pair) ?? [];
          list.push({ tag: job.tag, digest: ref.digest, status: ref.status });
          outcomes.set(job.pair, list);
          ctx.log(`${refOf(job.pair.target)}:${job.tag} ${ref.status} ${ref.digest}`);
          return;
        } catch (error) {
          if (attempt >= retries) {
            failures.push(`${refOf(job.pair.source)}:${job.tag}: ${(error as Error).message}`);
            return;
          }
          ctx.log(`${refOf(job.pair.source)}:${job.tag} failed (${(error as Error).message}); retry ${attempt + 1} of ${retries}`);
        }
      }
    });
    if (failures.length) {
      throw new ProviderError(`${failures.length} of ${jobs.length} tag(s) did not copy after ${retries} retries (the others did; run \`pulumi up\` again to finish):\n${failures.join("\n")}`, { code: "SyncFailed" });
    }
    return {
      ...inputs,
      images: pairs.map((pair) => ({ source: refOf(pair.source), target: refOf(pair.target), tags: (outcomes.get(pair) ?? []).sort((a, b) => a.tag.localeCompare(b.tag)) })),
      copiedTags: jobs.map((j) => `${refOf(j.pair.source)}:${j.tag}`).sort(),
      bytesMoved,
    };
  } finally {
    await pool.close();
  }
}

export const imageSyncDefinition: ResourceDefinition<ImageSyncInputs, ImageSyncOutputs> = {
  name: "ImageSync",
  description:
    "A client-side copy from any registry (Docker Registry, Harbor, OCI) into an ACR instance with image-syncer's semantics: all tags, a list or a /regex/, a concurrency limit and retries; also takes an image-syncer config. Re-copies only when inputs or triggers change; delete removes nothing.",
  inputs: imageSyncInputs,
  outputs: imageSyncOutputs,
  // plannedTags (computed by the program at preview and up) changes when the source gains or loses a matching tag: copy again.
  replaceKeys: ["source", "target", "tags", "config", "defaultTargetRegistry", "defaultTargetNamespace", "targetInstanceId", "triggers", "plannedTags"],
  secretOutputs: ["sourceCredentials", "targetCredentials", "config"],

  async create(ctx, inputs) {
    try {
      const outs = await runSync(ctx, inputs);
      const id = `sync-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      return { id, outs };
    } catch (error) {
      throw redactError(error, secretsOf(inputs));
    }
  },

  /** A copy is history: the registry is not re-inspected, so refresh never re-triggers it. */
  async read(_ctx, _id, inputs) {
    return { outs: inputs as ImageSyncOutputs, inputs };
  },

  /** Credentials, http flags, concurrency and retries shape how, not what: nothing to do. */
  async update(_ctx, _id, _olds, news) {
    return news as ImageSyncOutputs;
  },

  async delete() {
    // Copied images stay where they are, as with image-syncer.
  },
};
