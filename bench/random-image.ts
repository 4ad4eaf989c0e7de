/**
 * A benchmark image made on the spot: N layers, each a gzip'd tar holding one file of random
 * bytes (so nothing along the way can compress or dedupe it), an OCI config whose diff_ids are
 * right, and an OCI manifest. Blobs are written to a folder, then pushed to a registry from disk,
 * streamed, so building a 300 MB image never holds it in memory.
 */

import { createHash, randomFillSync } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { MediaType, RegistryClient, digestOf, type Descriptor } from "../sdk/oci";

export interface RandomImage {
  layers: Descriptor[];
  config: { descriptor: Descriptor; bytes: Buffer };
  manifest: { digest: string; bytes: Buffer; mediaType: string };
  /** Layers + config + manifest. */
  totalBytes: number;
  dir: string;
}

const MiB = 1024 * 1024;

/** A ustar header for one regular file. */
function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const put = (text: string, at: number, length: number) => header.write(text.slice(0, length), at, length, "ascii");
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0");
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  header.fill(" ", 148, 156);
  put("0", 156, 1);
  put("ustar", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(`${octal(sum, 7)}\0`, 148, 8);
  return header;
}

/** Writes one layer blob (named by its digest in `dir`); returns its descriptor and the digest of the uncompressed tar. */
export async function writeLayer(dir: string, index: number | string, fileBytes: number): Promise<{ descriptor: Descriptor; diffId: string }> {
  const tar = new PassThrough({ highWaterMark: MiB });
  const tarHash = createHash("sha256");
  const blobHash = createHash("sha256");
  let blobSize = 0;
  const gzip = createGzip({ level: 1 });
  gzip.on("data", (chunk: Buffer) => {
    blobHash.update(chunk);
    blobSize += chunk.length;
  });
  const path = join(dir, `layer-${index}.tmp`);
  const done = pipeline(tar, gzip, createWriteStream(path));
  const write = async (chunk: Buffer) => {
    tarHash.update(chunk);
    if (!tar.write(chunk)) await new Promise((resolve) => tar.once("drain", resolve));
  };
  await write(tarHeader(`random-${index}.bin`, fileBytes));
  for (let left = fileBytes; left > 0; left -= MiB) await write(randomFillSync(Buffer.allocUnsafe(Math.min(MiB, left))));
  const padding = (512 - (fileBytes % 512)) % 512;
  await write(Buffer.alloc(padding + 1024));
  tar.end();
  await done;
  const digest = `sha256:${blobHash.digest("hex")}`;
  await rename(path, join(dir, digest.slice(7)));
  return { descriptor: { mediaType: MediaType.OciLayerGzip, digest, size: blobSize }, diffId: `sha256:${tarHash.digest("hex")}` };
}

/** Layer file sizes in MiB; the default makes ≈ 315 MB of blobs, like the reference measurement. */
export async function makeRandomImage(dir: string, layerMiB: number[] = [100, 80, 60, 40, 20]): Promise<RandomImage> {
  await mkdir(dir, { recursive: true });
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const [i, mib] of layerMiB.entries()) {
    const { descriptor, diffId } = await writeLayer(dir, i, mib * MiB);
    layers.push(descriptor);
    diffIds.push(diffId);
  }
  return imageOf(dir, layers, diffIds, layerMiB.map((mib) => `bench: ${mib} MiB of random bytes`));
}

/** The config and manifest over layers already written to `dir`. */
export function imageOf(dir: string, layers: Descriptor[], diffIds: string[], history: string[]): RandomImage {
  const configBytes = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: diffIds },
      history: history.map((created_by) => ({ created_by })),
    }),
  );
  const config = { descriptor: { mediaType: MediaType.OciConfig, digest: digestOf(configBytes), size: configBytes.length }, bytes: configBytes };
  const manifestBytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciManifest, config: config.descriptor, layers }));
  const manifest = { digest: digestOf(manifestBytes), bytes: manifestBytes, mediaType: MediaType.OciManifest };
  const totalBytes = layers.reduce((sum, l) => sum + l.size, 0) + configBytes.length + manifestBytes.length;
  return { layers, config, manifest, totalBytes, dir };
}

/** Pushes the image (blobs streamed from disk, in parallel) under `tag`. */
export async function pushRandomImage(client: RegistryClient, repository: string, tag: string, image: RandomImage): Promise<void> {
  // All blobs at once, as a copier would send them.
  await Promise.all([
    ...image.layers.map(async (layer) => {
      const path = join(image.dir, layer.digest.slice(7));
      const { size } = await stat(path);
      await client.uploadBlob(repository, layer.digest, createReadStream(path, { highWaterMark: MiB }), size);
    }),
    client.uploadBlob(repository, image.config.descriptor.digest, image.config.bytes, image.config.bytes.length),
  ]);
  await client.putManifest(repository, tag, image.manifest.bytes, image.manifest.mediaType);
}
