/**
 * Manifest media types and a tolerant reading of manifest JSON. Only the fields the copy engine
 * needs are validated; everything else is ignored, and the bytes are never re-serialised (that
 * would change the digest), so reading a manifest is purely for finding what it references.
 */

import { z } from "zod";
import { InvalidManifestError } from "./errors";

export const MediaType = {
  OciManifest: "application/vnd.oci.image.manifest.v1+json",
  OciIndex: "application/vnd.oci.image.index.v1+json",
  DockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  DockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  OciConfig: "application/vnd.oci.image.config.v1+json",
  DockerConfig: "application/vnd.docker.container.image.v1+json",
  OciLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  DockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
} as const;

/** Sent on every manifest GET/HEAD: without it, distribution down-converts or refuses OCI content. */
export const MANIFEST_ACCEPT = [
  MediaType.OciIndex,
  MediaType.DockerManifestList,
  MediaType.OciManifest,
  MediaType.DockerManifest,
].join(", ");

/** The spec lets registries refuse manifests above 4 MiB; a bigger answer is not a manifest. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MediaType.OciIndex || mediaType === MediaType.DockerManifestList;
}

const platformSchema = z.looseObject({
  architecture: z.string(),
  os: z.string(),
  variant: z.string().optional(),
  "os.version": z.string().optional(),
});
export type Platform = z.infer<typeof platformSchema>;

const descriptorSchema = z.looseObject({
  mediaType: z.string(),
  digest: z.string(),
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  platform: platformSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  artifactType: z.string().optional(),
});
export type Descriptor = z.infer<typeof descriptorSchema>;

const imageSchema = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
});

const indexSchema = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
});

export type ParsedManifest =
  | { kind: "image"; mediaType: string; config: Descriptor; layers: Descriptor[]; subject?: Descriptor }
  | { kind: "index"; mediaType: string; manifests: Descriptor[]; subject?: Descriptor };

/** Content types that say nothing about which manifest this is; the body's own field decides then. */
const VAGUE_CONTENT_TYPES = new Set(["", "application/json", "text/plain", "application/octet-stream"]);

/**
 * Decides the media type of manifest bytes: the registry's Content-Type when it is specific, else
 * the body's `mediaType`, else the shape (an OCI manifest may omit `mediaType`).
 */
export function detectMediaType(bytes: Uint8Array, contentType: string | undefined): string {
  const declared = (contentType ?? "").split(";")[0]!.trim();
  if (!VAGUE_CONTENT_TYPES.has(declared)) return declared;
  const json = parseJson(bytes);
  if (typeof json.mediaType === "string" && json.mediaType) return json.mediaType;
  if (Array.isArray(json.manifests)) return MediaType.OciIndex;
  if (json.config && typeof json.config === "object") return MediaType.OciManifest;
  throw new InvalidManifestError("cannot tell the manifest's media type from its Content-Type or body");
}

function parseJson(bytes: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (err) {
    throw new InvalidManifestError("manifest is not valid JSON", err);
  }
  throw new InvalidManifestError("manifest is not a JSON object");
}

/** Reads what a manifest references. Throws InvalidManifestError for shapes we cannot copy (e.g. schema 1). */
export function parseManifest(bytes: Uint8Array, mediaType: string): ParsedManifest {
  const json = parseJson(bytes);
  if (isIndexMediaType(mediaType)) {
    const parsed = indexSchema.safeParse(json);
    if (!parsed.success) throw new InvalidManifestError(`index does not match its schema: ${parsed.error.message}`);
    return { kind: "index", mediaType, manifests: parsed.data.manifests, subject: parsed.data.subject };
  }
  const parsed = imageSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidManifestError(`manifest of type ${mediaType} is not a schema 2 image manifest: ${parsed.error.message}`);
  }
  return { kind: "image", mediaType, config: parsed.data.config, layers: parsed.data.layers, subject: parsed.data.subject };
}

/**
 * Foreign (Windows base) and non-distributable layers live outside the registry by design, and
 * registries accept manifests that reference them without holding them: they are never copied.
 */
export function isForeignLayer(descriptor: Descriptor): boolean {
  return /foreign|nondistributable/.test(descriptor.mediaType) || (descriptor.urls?.length ?? 0) > 0;
}

/** Parses a referrers response (an OCI index) into its descriptors. */
export function parseReferrersIndex(bytes: Uint8Array): Descriptor[] {
  const parsed = indexSchema.safeParse(parseJson(bytes));
  if (!parsed.success) throw new InvalidManifestError(`referrers answer is not an index: ${parsed.error.message}`);
  return parsed.data.manifests;
}
