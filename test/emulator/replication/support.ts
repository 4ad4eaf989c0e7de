/**
 * The real emulator (its per-instance registries and sync executor) for replication tests: the
 * project's CR/RAM clients per account, a registry login per instance, random images pushed with
 * the sdk OCI client, and polling of sync tasks that records every status it saw.
 */

import { randomBytes } from "node:crypto";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { createClients, type Clients } from "../../../sdk/clients";
import { digestOf, MediaType, RegistryClient } from "../../../sdk/oci";

export const A_ADV = "cri-emuaadvanced0001";
export const A_BASIC = "cri-emuabasic0000001";
export const B_SH = "cri-emubshanghai0001";
export const UID_A = "1000000000000001";
export const UID_B = "2000000000000002";
export const SYNC_ROLE = "aliyuncontainerregistrycrossaccoutsyncrole";
const PASSWORD = "Replicate-2026";

export interface Env {
  emulator: RunningEmulator;
  /** Account A, Hangzhou. */
  a: Clients;
  /** Account B, Shanghai. */
  b: Clients;
  registries: RegistryClient[];
  close(): Promise<void>;
}

export async function startEnv(options: Parameters<typeof startEmulator>[0] = {}): Promise<Env> {
  const emulator = await startEmulator(options);
  const clientsFor = (index: number, region: string) => {
    const account = emulator.seed.accounts[index]!;
    return createClients({
      region,
      endpoints: { cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint },
      credentials: async () => ({ accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret, source: "test seed" }),
      retry: { maxAttempts: 1 },
    });
  };
  const env: Env = {
    emulator,
    a: clientsFor(0, "cn-hangzhou"),
    b: clientsFor(1, "cn-shanghai"),
    registries: [],
    async close() {
      await Promise.all(env.registries.map((r) => r.close()));
      await env.a.close();
      await env.b.close();
      await emulator.stop();
    },
  };
  return env;
}

/** A namespace that creates repositories on push. */
export async function autoNamespace(clients: Clients, instanceId: string, name: string, tagImmutability = false): Promise<void> {
  await clients.cr.createNamespace({
    InstanceId: instanceId,
    NamespaceName: name,
    AutoCreateRepo: true,
    DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: tagImmutability },
  });
}

/** A registry client logged in as the instance owner with a freshly set password. */
export async function login(env: Env, clients: Clients, instanceId: string, ownerUid: string): Promise<RegistryClient> {
  await clients.cr.resetLoginPassword({ InstanceId: instanceId, Password: PASSWORD });
  const host = env.emulator.dataPlane.hostFor(instanceId);
  if (!host) throw new Error(`no registry for ${instanceId}`);
  const client = new RegistryClient({ registry: `http://${host}`, credentials: { username: ownerUid, password: PASSWORD }, retry: { maxAttempts: 1 } });
  env.registries.push(client);
  return client;
}

export interface PushedImage {
  digest: string;
  blobs: string[];
  size: number;
}

/** Pushes a fresh random image (config and `layerSizes` layers) under `tag`. */
export async function pushImage(client: RegistryClient, repository: string, tag: string, layerSizes: number[] = [64 * 1024, 3000]): Promise<PushedImage> {
  const layers = layerSizes.map((size) => randomBytes(size));
  const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] }, nonce: randomBytes(8).toString("hex") }));
  const describe = (bytes: Buffer, mediaType: string) => ({ mediaType, digest: digestOf(bytes), size: bytes.length });
  for (const blob of [config, ...layers]) await client.uploadBlob(repository, digestOf(blob), blob, blob.length);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: describe(config, MediaType.OciConfig),
      layers: layers.map((l) => describe(l, MediaType.OciLayerGzip)),
    }),
  );
  const digest = await client.putManifest(repository, tag, manifest, MediaType.OciManifest);
  return { digest, blobs: [config, ...layers].map((b) => digestOf(b)), size: config.length + layers.reduce((s, l) => s + l.length, 0) };
}

export interface TaskView {
  TaskStatus: string;
  TaskIssue?: string;
  Progress?: number;
  SyncedSize?: number;
  LayerTasks?: Array<{ Digest: string; ArtifactDigest: string; Size: number; SyncedSize: number; TaskStatus: string }>;
}

/** Polls GetRepoSyncTask until the task ends; returns the last view and every status seen in order. */
export async function waitForTask(
  clients: Clients,
  instanceId: string,
  taskId: string,
  timeoutMs = 15_000,
): Promise<{ task: TaskView; seen: string[] }> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = (await clients.cr.getRepoSyncTask({ InstanceId: instanceId, SyncTaskId: taskId })) as unknown as TaskView;
    if (seen[seen.length - 1] !== task.TaskStatus) seen.push(task.TaskStatus);
    if (["SUCCESS", "ERROR", "CANCELED"].includes(task.TaskStatus)) return { task, seen };
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.TaskStatus} after ${timeoutMs} ms (seen ${seen.join(" → ")})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for a push to have produced sync tasks on `instanceId` (newest first). */
export async function waitForTasks(clients: Clients, instanceId: string, filter: { RepoNamespaceName?: string; RepoName?: string; Tag?: string }, count = 1, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await clients.cr.listRepoSyncTask({ InstanceId: instanceId, ...filter });
    if (list.SyncTasks.length >= count) return list.SyncTasks;
    if (Date.now() > deadline) throw new Error(`no sync task for ${JSON.stringify(filter)} on ${instanceId} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The manifest under a tag on a registry, or undefined. */
export async function manifestOf(client: RegistryClient, repository: string, tag: string) {
  return client.headManifest(repository, tag).catch((error: unknown) => {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  });
}

export interface PushedIndex {
  digest: string;
  children: PushedImage[];
}

/** Pushes two fresh images by digest (linux/amd64, linux/arm64) and an OCI index over them under `tag`. */
export async function pushIndex(client: RegistryClient, repository: string, tag: string): Promise<PushedIndex> {
  const children: PushedImage[] = [];
  const entries = [];
  for (const architecture of ["amd64", "arm64"]) {
    const child = await pushImage(client, repository, `tmp-${architecture}`, [2000]);
    const manifest = await client.getManifest(repository, child.digest);
    await client.deleteManifest(repository, `tmp-${architecture}`).catch(() => undefined);
    children.push(child);
    entries.push({ mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size, platform: { architecture, os: "linux" } });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: entries }));
  const digest = await client.putManifest(repository, tag, index, MediaType.OciIndex);
  return { digest, children };
}

/** Blob GETs on `repository` of `instanceId`'s registry, by digest, from the data-plane request log. */
export function blobGets(emulator: RunningEmulator, instanceId: string, repository: string): Record<string, number> {
  const prefix = `${instanceId} GET /v2/${repository}/blobs/`;
  const out: Record<string, number> = {};
  for (const [key, count] of Object.entries(emulator.admin.registryRequests())) {
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = count;
  }
  return out;
}

/**
 * Account A's Advanced → Basic pair, each with an auto-creating `team` namespace, and a logged-in
 * registry client for each side: the set-up the manual-copy tests share.
 */
export async function advancedToBasic(): Promise<{ env: Env; source: RegistryClient; target: RegistryClient }> {
  const env = await startEnv();
  await autoNamespace(env.a, A_ADV, "team");
  await autoNamespace(env.a, A_BASIC, "team");
  return { env, source: await login(env, env.a, A_ADV, UID_A), target: await login(env, env.a, A_BASIC, UID_A) };
}
