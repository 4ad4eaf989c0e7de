/**
 * The migration workload of issue #15, made on the spot from random bytes (nothing compresses):
 * `repos` repositories × `tags` tags; every image has the same base layers (about 40, 20 and 5 MB),
 * one layer shared by the tags of its repository (about 10 MB) and one of its own (about 2 MB).
 * Blobs are written to a folder once; the source is filled with each distinct blob uploaded once
 * and mounted into the other repositories, so building it never moves the 4.6 GB a naive push would.
 */

import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { Descriptor, RegistryClient } from "../sdk/oci";
import { imageOf, writeLayer, type RandomImage } from "./random-image";

export interface WorkloadShape {
  repos: number;
  tags: number;
  /** File bytes of each base layer shared by every image. */
  baseBytes: number[];
  perRepoBytes: number;
  perTagBytes: number;
}

export const ISSUE_SHAPE: WorkloadShape = { repos: 12, tags: 5, baseBytes: [40e6, 20e6, 5e6], perRepoBytes: 10e6, perTagBytes: 2e6 };

export interface WorkloadImage {
  repository: string;
  tag: string;
  image: RandomImage;
}

export interface Workload {
  shape: WorkloadShape;
  images: WorkloadImage[];
  repositories: string[];
  /** Every distinct blob (layers and configs) once. */
  uniqueBlobBytes: number;
  /** What copying each image on its own, blobs included, would move. */
  naiveBytes: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

export async function makeWorkload(dir: string, shape: WorkloadShape, repositoryPrefix = "src"): Promise<Workload> {
  await mkdir(dir, { recursive: true });
  const layer = (name: string, bytes: number) => writeLayer(dir, name, bytes);
  const base = [];
  for (const [i, bytes] of shape.baseBytes.entries()) base.push(await layer(`base-${i}`, bytes));
  const images: WorkloadImage[] = [];
  const repositories: string[] = [];
  for (let r = 1; r <= shape.repos; r++) {
    const repository = `${repositoryPrefix}/app-${pad(r)}`;
    repositories.push(repository);
    const own = await layer(`repo-${r}`, shape.perRepoBytes);
    for (let t = 1; t <= shape.tags; t++) {
      const unique = await layer(`repo-${r}-tag-${t}`, shape.perTagBytes);
      const parts = [...base, own, unique];
      const history = [...base.map((_, i) => `base ${i}`), `${repository} layer`, `${repository}:v${t} layer`];
      images.push({ repository, tag: `v${t}`, image: imageOf(dir, parts.map((p) => p.descriptor), parts.map((p) => p.diffId), history) });
    }
  }
  const distinct = new Map<string, number>();
  let naiveBytes = 0;
  for (const { image } of images) {
    for (const blob of [...image.layers, image.config.descriptor]) {
      distinct.set(blob.digest, blob.size);
      naiveBytes += blob.size;
    }
  }
  const uniqueBlobBytes = [...distinct.values()].reduce((a, b) => a + b, 0);
  return { shape, images, repositories, uniqueBlobBytes, naiveBytes };
}

/** Fills a registry with the workload: each distinct blob uploaded once, mounted everywhere else. */
export async function pushWorkload(client: RegistryClient, workload: Workload): Promise<void> {
  const home = new Map<string, string>();
  const place = async (repository: string, blob: Descriptor, body: () => Buffer | Readable) => {
    const from = home.get(blob.digest);
    if (from === repository) return;
    if (from && (await client.mountBlob(repository, blob.digest, from)).mounted) return;
    await client.uploadBlob(repository, blob.digest, body(), blob.size);
    home.set(blob.digest, repository);
  };
  for (const { repository, tag, image } of workload.images) {
    await Promise.all([
      ...image.layers.map((layer) => place(repository, layer, () => createReadStream(join(image.dir, layer.digest.slice(7)), { highWaterMark: 1 << 20 }))),
      place(repository, image.config.descriptor, () => image.config.bytes),
    ]);
    await client.putManifest(repository, tag, image.manifest.bytes, image.manifest.mediaType);
  }
}

/** Checks that every image sits under its tag in `targetRepository(repository)`. */
export async function verifyWorkload(client: RegistryClient, workload: Workload, targetRepository: (source: string) => string): Promise<void> {
  for (const { repository, tag, image } of workload.images) {
    const head = await client.headManifest(targetRepository(repository), tag);
    if (head?.digest !== image.manifest.digest) throw new Error(`${targetRepository(repository)}:${tag} is ${head?.digest ?? "missing"}, not ${image.manifest.digest}`);
  }
}
