/**
 * Reading a pushed manifest without re-serialising it: its media type (Content-Type, else the
 * `mediaType` field), what it references (config and layers, or an index's children), its subject
 * and artifact type (for referrers), and the size ACR reports for the tag.
 */

import { DIGEST_PATTERN } from "./blob-store";
import { oci } from "./errors";

export const MEDIA = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
} as const;

const INDEX_TYPES = new Set<string>([MEDIA.ociIndex, MEDIA.dockerList]);
const IMAGE_TYPES = new Set<string>([MEDIA.ociManifest, MEDIA.dockerManifest]);
const DIGEST = DIGEST_PATTERN;

interface RawDescriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
  urls?: unknown;
  artifactType?: unknown;
  annotations?: unknown;
}

export interface InspectedManifest {
  mediaType: string;
  isIndex: boolean;
  /** Blobs that must be in the repository (config and layers without foreign `urls`). */
  blobs: string[];
  /** Child manifests that must be in the repository (an index). */
  children: string[];
  subject?: string;
  artifactType?: string;
  annotations?: Record<string, string>;
  /** The config digest (an image manifest). */
  configDigest?: string;
  /** Config plus layers, or the children's sizes for an index. */
  contentSize: number;
}

function descriptor(value: unknown, where: string): { digest: string; size: number; raw: RawDescriptor } {
  const raw = (value ?? {}) as RawDescriptor;
  if (typeof raw.digest !== "string" || !DIGEST.test(raw.digest)) throw oci.manifestInvalid(`${where}.digest must be sha256:<64 hex> or sha512:<128 hex>`);
  if (typeof raw.size !== "number" || !Number.isSafeInteger(raw.size) || raw.size < 0) throw oci.manifestInvalid(`${where}.size must be a non-negative integer`);
  return { digest: raw.digest, size: raw.size, raw };
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

export function inspectManifest(bytes: Buffer, contentType: string | undefined): InspectedManifest {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  } catch {
    throw oci.manifestInvalid("the manifest is not valid JSON");
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw oci.manifestInvalid("the manifest must be a JSON object");
  if (doc.schemaVersion !== 2) throw oci.manifestInvalid("only schemaVersion 2 manifests are accepted (Docker schema2, OCI)");
  const declared = typeof doc.mediaType === "string" ? doc.mediaType : undefined;
  const header = contentType?.split(";")[0]?.trim();
  if (declared && header && header !== declared && header !== "application/octet-stream") {
    throw oci.manifestInvalid(`Content-Type ${header} does not match the manifest's mediaType ${declared}`);
  }
  const mediaType = header && header !== "application/octet-stream" ? header : declared ?? (Array.isArray(doc.manifests) ? MEDIA.ociIndex : MEDIA.ociManifest);
  const isIndex = INDEX_TYPES.has(mediaType) || (!IMAGE_TYPES.has(mediaType) && Array.isArray(doc.manifests));
  const inspected: InspectedManifest = { mediaType, isIndex, blobs: [], children: [], contentSize: 0 };
  if (doc.subject !== undefined) inspected.subject = descriptor(doc.subject, "subject").digest;
  if (typeof doc.artifactType === "string") inspected.artifactType = doc.artifactType;
  inspected.annotations = stringRecord(doc.annotations);

  if (isIndex) {
    if (!Array.isArray(doc.manifests)) throw oci.manifestInvalid("an index needs a manifests array");
    doc.manifests.forEach((child, i) => {
      const d = descriptor(child, `manifests[${i}]`);
      inspected.children.push(d.digest);
      inspected.contentSize += d.size;
    });
    return inspected;
  }
  const config = descriptor(doc.config, "config");
  inspected.blobs.push(config.digest);
  inspected.configDigest = config.digest;
  inspected.contentSize += config.size;
  if (!inspected.artifactType && typeof config.raw.mediaType === "string") inspected.artifactType = config.raw.mediaType;
  if (!Array.isArray(doc.layers)) throw oci.manifestInvalid("an image manifest needs a layers array");
  doc.layers.forEach((layer, i) => {
    const d = descriptor(layer, `layers[${i}]`);
    inspected.contentSize += d.size;
    // Foreign layers (urls) live elsewhere by design.
    if (!Array.isArray(d.raw.urls) || d.raw.urls.length === 0) inspected.blobs.push(d.digest);
  });
  return inspected;
}
