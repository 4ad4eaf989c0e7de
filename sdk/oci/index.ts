/** Public surface of the OCI distribution client and the registry-to-registry copy engine. */

export { RegistryClient, nextLink, type BlobStream, type Manifest, type ManifestInfo, type RegistryClientOptions, type UploadOptions, type UploadVia } from "./client";
export type { RegistryCredentials } from "./auth";
export { parseChallenges, repositoryScope, type Challenge } from "./challenge";
export { copyImage, copyReference } from "./copy";
export { CopySession, DEFAULT_SESSION_CONCURRENCY, copyTacticsFromEnv, type CopySessionOptions, type CopyTactic } from "./copy-session";
export type {
  CopiedReference,
  CopyCommonOptions,
  CopyImageOptions,
  CopyPhase,
  CopyProgress,
  CopyReferenceOptions,
  CopyReport,
  RepositoryEndpoint,
} from "./copy-types";
export { DigestVerifier, digestOf } from "./digest";
export {
  DigestMismatchError,
  InvalidManifestError,
  InvalidReferenceError,
  NoMatchingPlatformError,
  OciError,
  RegistryError,
  TagConflictError,
  redactRegistryUrl,
  type RegistryErrorDetail,
  type TagConflict,
} from "./errors";
export { MANIFEST_ACCEPT, MediaType, isIndexMediaType, parseManifest, type Descriptor, type ParsedManifest, type Platform } from "./manifest";
export { formatPlatform, parsePlatform, type PlatformFilter } from "./platform";
export { DOCKER_HUB_REGISTRY, formatReference, isValidDigest, isValidTag, manifestReference, parseReference, type ImageReference } from "./reference";
export { isRetryable, type OciRetryOptions } from "./retry";
export type { CallOptions, RequestKind, RequestTally } from "./transport";
export type { MountResult, SinglePostResult, UploadSession } from "./upload";
