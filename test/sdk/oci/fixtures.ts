/**
 * Test images made from seeded bytes (the same seed gives the same digests on every run), pushed
 * with our own client; plus a request-counting undici dispatcher and skopeo as an outside oracle.
 */

import { execFile } from "node:child_process";
import { createCipheriv, createHash } from "node:crypto";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { Agent, type Dispatcher } from "undici";
import { MediaType, RegistryClient, digestOf, type RegistryClientOptions } from "../../../sdk/oci";

/** Deterministic pseudo-random bytes: AES-128-CTR over zeros, keyed by the seed. */
export function seededStream(seed: string, size: number, chunk = 1024 * 1024): Readable {
  const cipher = createCipheriv("aes-128-ctr", createHash("sha256").update(seed).digest().subarray(0, 16), Buffer.alloc(16));
  const zeros = Buffer.alloc(chunk);
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(chunk, left);
      left -= n;
      this.push(cipher.update(zeros.subarray(0, n)));
    },
  });
}

export function seededBytes(seed: string, size: number): Buffer {
  const cipher = createCipheriv("aes-128-ctr", createHash("sha256").update(seed).digest().subarray(0, 16), Buffer.alloc(16));
  return cipher.update(Buffer.alloc(size));
}

export interface TestImage {
  config: Buffer;
  layers: Buffer[];
  manifest: Buffer;
  mediaType: string;
  digest: string;
}

/** An OCI image of `layerSizes.length` seeded layers and a config naming the platform. */
export function makeImage(seed: string, layerSizes: number[] = [2048, 3000], platform: object = { os: "linux", architecture: "amd64" }): TestImage {
  return imageOf(
    layerSizes.map((size, i) => seededBytes(`${seed}/layer${i}`, size)),
    { ...platform, config: { Labels: { seed } } },
  );
}

/** An OCI image of exactly these layers (tests that need layers shared between images build them here). */
export function imageOf(layers: Buffer[], configFields: object): TestImage {
  const config = Buffer.from(JSON.stringify({ ...configFields, rootfs: { type: "layers", diff_ids: layers.map((l) => digestOf(l)) } }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, digest: digestOf(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: MediaType.OciLayerGzip, digest: digestOf(l), size: l.length })),
    }),
  );
  return { config, layers, manifest, mediaType: MediaType.OciManifest, digest: digestOf(manifest) };
}

export interface TestIndex {
  images: TestImage[];
  manifest: Buffer;
  mediaType: string;
  digest: string;
}

/** An OCI index over one image per platform; the images share their first layer, as real ones do. */
export function makeIndex(seed: string, platforms: Array<{ os: string; architecture: string; variant?: string }>): TestIndex {
  const shared = seededBytes(`${seed}/shared`, 4096);
  const images = platforms.map((platform, i) => {
    const own = [seededBytes(`${seed}/${i}/a`, 1500 + i * 100), seededBytes(`${seed}/${i}/b`, 2500)];
    return imageOf([shared, ...own], platform);
  });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: images.map((image, i) => ({ mediaType: image.mediaType, digest: image.digest, size: image.manifest.length, platform: platforms[i] })),
    }),
  );
  return { images, manifest, mediaType: MediaType.OciIndex, digest: digestOf(manifest) };
}

export async function pushImage(client: RegistryClient, repository: string, image: TestImage, tag?: string): Promise<void> {
  for (const blob of [image.config, ...image.layers]) await client.pushBlob(repository, blob);
  await client.putManifest(repository, tag ?? image.digest, image.manifest, image.mediaType);
}

export async function pushIndex(client: RegistryClient, repository: string, index: TestIndex, tag: string): Promise<void> {
  for (const image of index.images) await pushImage(client, repository, image);
  await client.putManifest(repository, tag, index.manifest, index.mediaType);
}

/** Short retry waits keep failure tests quick; callers may override any option. */
export function clientFor(url: string, options: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({ registry: url, retry: { baseDelayMs: 10, maxDelayMs: 50 }, ...options });
}

/** Every request that left through the dispatcher, as `METHOD kind`, e.g. `HEAD manifest`, `GET blob`. */
export interface CountingDispatcher {
  dispatcher: Dispatcher;
  requests: string[];
  count(entry: string): number;
  reset(): void;
  close(): Promise<void>;
}

function classify(path: string): string {
  if (/\/manifests\//.test(path)) return "manifest";
  if (/\/blobs\/uploads\//.test(path)) return "upload";
  if (/\/blobs\//.test(path)) return "blob";
  if (/\/tags\/list/.test(path)) return "tags";
  return path.split("?")[0]!;
}

/** An undici Agent composed with an interceptor that records each dispatched request. */
export function countingDispatcher(): CountingDispatcher {
  const agent = new Agent();
  const requests: string[] = [];
  const dispatcher = agent.compose((dispatch) => (options, handler) => {
    requests.push(`${options.method} ${classify(options.path)}`);
    return dispatch(options, handler);
  });
  return {
    dispatcher,
    requests,
    count: (entry) => requests.filter((r) => r === entry).length,
    reset: () => void requests.splice(0),
    close: () => agent.close(),
  };
}

const run = promisify(execFile);

/** `skopeo inspect --raw`: the manifest bytes as skopeo (containers/image) reads them. */
export async function skopeoRaw(host: string, reference: string, creds?: { username: string; password: string }): Promise<Buffer> {
  const args = ["inspect", "--raw", "--tls-verify=false", ...(creds ? ["--creds", `${creds.username}:${creds.password}`] : ["--no-creds"]), `docker://${host}/${reference}`];
  const { stdout } = await run("skopeo", args, { encoding: "buffer", maxBuffer: 8 * 1024 * 1024, timeout: 30_000 });
  return stdout;
}

/** `skopeo inspect` (parsed): for an image, `Digest` is its manifest digest and `Layers` its blobs. */
export async function skopeoInspect(host: string, reference: string): Promise<{ Digest: string; Layers: string[]; Architecture: string }> {
  const { stdout } = await run("skopeo", ["inspect", "--tls-verify=false", "--no-creds", `docker://${host}/${reference}`], { timeout: 30_000 });
  return JSON.parse(stdout) as { Digest: string; Layers: string[]; Architecture: string };
}
