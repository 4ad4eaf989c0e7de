/**
 * Random OCI images for tests, in memory and as an OCI image layout on disk (what `skopeo copy
 * oci:<dir>:<tag> …` reads). Layers are real gzipped tar archives holding one random file, with
 * the right diff_ids in the config, so tools that inspect layers accept them; gzip also keeps
 * skopeo from recompressing them on push, so digests survive a copy.
 */

import { createHash, randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
export const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
export const OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

export interface Blob {
  digest: string;
  size: number;
  bytes: Buffer;
}

export interface RandomImage {
  /** The manifest's exact bytes. */
  manifest: Blob;
  mediaType: string;
  config: Blob;
  layers: Blob[];
  platform: { architecture: string; os: string };
}

export interface RandomIndex {
  index: Blob;
  mediaType: string;
  images: RandomImage[];
}

export const digestOf = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
export const blobOf = (bytes: Buffer): Blob => ({ digest: digestOf(bytes), size: bytes.length, bytes });

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** A ustar archive with one regular file. */
export function tarWithFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, "utf8");
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(content.length, 12), 124);
  header.write(octal(0, 12), 136);
  header.fill(" ", 148, 156);
  header.write("0", 156);
  header.write("ustar\0", 257);
  header.write("00", 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

export interface RandomImageOptions {
  layers?: number;
  /** Random bytes per layer file. @default 4096 */
  layerBytes?: number;
  architecture?: string;
  os?: string;
  /** Plain tar layers instead of gzip (skopeo compresses those on push, changing digests). */
  uncompressed?: boolean;
  /** Extra manifest fields, e.g. `subject` or `artifactType` for referrers. */
  extra?: Record<string, unknown>;
}

export function randomImage(options: RandomImageOptions = {}): RandomImage {
  const platform = { architecture: options.architecture ?? "amd64", os: options.os ?? "linux" };
  const tars = Array.from({ length: options.layers ?? 2 }, (_, i) => tarWithFile(`layer-${i}.bin`, randomBytes(options.layerBytes ?? 4096)));
  const layers = tars.map((tar) => blobOf(options.uncompressed ? tar : gzipSync(tar)));
  const layerType = options.uncompressed ? OCI_LAYER : OCI_LAYER_GZIP;
  const config = blobOf(
    Buffer.from(
      JSON.stringify({
        ...platform,
        created: "2026-01-01T00:00:00Z",
        config: {},
        rootfs: { type: "layers", diff_ids: tars.map(digestOf) },
        history: layers.map(() => ({ created: "2026-01-01T00:00:00Z", created_by: "test" })),
      }),
    ),
  );
  const manifest = blobOf(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.size },
        layers: layers.map((l) => ({ mediaType: layerType, digest: l.digest, size: l.size })),
        ...options.extra,
      }),
    ),
  );
  return { manifest, mediaType: OCI_MANIFEST, config, layers, platform };
}

/** An OCI index over one random image per platform (`linux/amd64`, `linux/arm64`, …). */
export function randomIndex(platforms: string[], options: Omit<RandomImageOptions, "architecture" | "os"> = {}): RandomIndex {
  const images = platforms.map((p) => {
    const [os, architecture] = p.split("/");
    return randomImage({ ...options, os, architecture });
  });
  const index = blobOf(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: images.map((image) => ({ mediaType: image.mediaType, digest: image.manifest.digest, size: image.manifest.size, platform: image.platform })),
      }),
    ),
  );
  return { index, mediaType: OCI_INDEX, images };
}

export interface LayoutEntry {
  tag: string;
  /** An image or an index. */
  content: RandomImage | RandomIndex;
}

function blobsOf(content: RandomImage | RandomIndex): Blob[] {
  if ("index" in content) return [content.index, ...content.images.flatMap(blobsOf)];
  return [content.manifest, content.config, ...content.layers];
}

function rootOf(content: RandomImage | RandomIndex): { blob: Blob; mediaType: string } {
  return "index" in content ? { blob: content.index, mediaType: content.mediaType } : { blob: content.manifest, mediaType: content.mediaType };
}

/** Writes an OCI image layout (oci-layout, index.json, blobs/sha256/…) with each entry under its tag. */
export async function writeOciLayout(dir: string, entries: LayoutEntry[]): Promise<void> {
  const blobDir = join(dir, "blobs", "sha256");
  await mkdir(blobDir, { recursive: true });
  await writeFile(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  for (const entry of entries) {
    for (const blob of blobsOf(entry.content)) await writeFile(join(blobDir, blob.digest.slice("sha256:".length)), blob.bytes);
  }
  const manifests = entries.map((entry) => {
    const root = rootOf(entry.content);
    return { mediaType: root.mediaType, digest: root.blob.digest, size: root.blob.size, annotations: { "org.opencontainers.image.ref.name": entry.tag } };
  });
  await writeFile(join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests }));
}
