/**
 * Typed failures of the OCI distribution client and the copy engine. Every class carries a brand
 * (like AcsError) so `is()` checks work across two copies of this package in one process. Messages
 * name the method and a redacted URL, never a password, token or signed upload state.
 */

const OCI_ERROR_BRAND = Symbol.for("pulumi-acr-ee.OciError");

/** Base class; `kind` tells the subclasses apart without instanceof. */
export class OciError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.kind = kind;
    this.name = "OciError";
    Object.defineProperty(this, OCI_ERROR_BRAND, { value: true });
  }
  static is(value: unknown): value is OciError {
    return typeof value === "object" && value !== null && !!(value as Record<symbol, unknown>)[OCI_ERROR_BRAND];
  }
}

/** One entry of the distribution `{"errors":[…]}` envelope. */
export interface RegistryErrorDetail {
  code: string;
  message?: string;
  detail?: unknown;
}

export interface RegistryErrorFields {
  /** HTTP status; 0 when no answer arrived (reset, refused, timeout). */
  status: number;
  method: string;
  /** Already redacted; see {@link redactRegistryUrl}. */
  url: string;
  /** The OCI error codes of the body, e.g. `MANIFEST_UNKNOWN`, `DIGEST_INVALID`. */
  errors?: RegistryErrorDetail[];
  /** Socket-level code (`ECONNRESET`, `UND_ERR_SOCKET`…) when status is 0. */
  networkCode?: string;
  /** The wait the registry asked for with `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  message?: string;
  /** Overrides the status-based retry rule, e.g. a 401 on a streamed body after the token was renewed. */
  retryable?: boolean;
  cause?: unknown;
}

/** A registry answered with an unexpected status, or did not answer at all. */
export class RegistryError extends OciError {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly errors: readonly RegistryErrorDetail[];
  readonly networkCode?: string;
  readonly retryAfterMs?: number;
  readonly retryable?: boolean;

  constructor(fields: RegistryErrorFields) {
    const codes = (fields.errors ?? []).map((e) => (e.message ? `${e.code}: ${e.message}` : e.code));
    const what = fields.status === 0 ? (fields.networkCode ?? "network error") : `HTTP ${fields.status}`;
    const tail = fields.message ?? codes.join("; ");
    super("RegistryError", `${fields.method} ${fields.url}: ${what}${tail ? ` (${tail})` : ""}`, fields.cause);
    this.name = "RegistryError";
    this.status = fields.status;
    this.method = fields.method;
    this.url = fields.url;
    this.errors = fields.errors ?? [];
    this.networkCode = fields.networkCode;
    this.retryAfterMs = fields.retryAfterMs;
    this.retryable = fields.retryable;
  }

  /** The OCI error codes only, e.g. `["BLOB_UNKNOWN"]`. */
  get codes(): string[] {
    return this.errors.map((e) => e.code);
  }

  /** True for a RegistryError; optionally only when it carries one of `codes`. */
  static isRegistryError(value: unknown, ...codes: string[]): value is RegistryError {
    if (!OciError.is(value) || value.kind !== "RegistryError") return false;
    return codes.length === 0 || (value as RegistryError).codes.some((c) => codes.includes(c));
  }
}

/** Content did not hash (or measure) to what its descriptor promised. */
export class DigestMismatchError extends OciError {
  constructor(
    readonly expectedDigest: string,
    readonly actualDigest: string | undefined,
    readonly expectedSize: number | undefined,
    readonly actualSize: number,
    readonly where: string,
  ) {
    const sizePart = expectedSize !== undefined && expectedSize !== actualSize ? `, ${actualSize} bytes instead of ${expectedSize}` : "";
    super(
      "DigestMismatchError",
      `${where}: content of ${expectedDigest} does not match${actualDigest ? ` (got ${actualDigest})` : ""}${sizePart}`,
    );
    this.name = "DigestMismatchError";
  }
}

export interface TagConflict {
  tag: string;
  sourceDigest: string;
  targetDigest: string;
}

/** `overwrite: false` and the target already holds some tags with other content; nothing was written. */
export class TagConflictError extends OciError {
  constructor(
    readonly repository: string,
    readonly conflicts: readonly TagConflict[],
  ) {
    const list = conflicts.map((c) => `${c.tag} (target ${c.targetDigest}, source ${c.sourceDigest})`).join(", ");
    super("TagConflictError", `${repository}: tags already exist with different content and overwrite is off: ${list}`);
    this.name = "TagConflictError";
  }
}

/** An image reference string that cannot be parsed. */
export class InvalidReferenceError extends OciError {
  constructor(
    readonly reference: string,
    reason: string,
  ) {
    super("InvalidReferenceError", `invalid image reference "${reference}": ${reason}`);
    this.name = "InvalidReferenceError";
  }
}

/** A platform filter matched no entry of an index. */
export class NoMatchingPlatformError extends OciError {
  constructor(
    readonly digest: string,
    readonly wanted: readonly string[],
    readonly available: readonly string[],
  ) {
    super(
      "NoMatchingPlatformError",
      `index ${digest} has no manifest for ${wanted.join(", ")} (it has ${available.join(", ") || "no platforms"})`,
    );
    this.name = "NoMatchingPlatformError";
  }
}

/** A manifest or token answer that is not what the protocol promises. */
export class InvalidManifestError extends OciError {
  constructor(message: string, cause?: unknown) {
    super("InvalidManifestError", message, cause);
    this.name = "InvalidManifestError";
  }
}

/** Query parameters whose values may be safely shown: they name content, not capabilities. */
const SHOWN_QUERY_PARAMS = new Set(["digest", "mount", "from", "n", "last", "artifactType", "service", "scope"]);

/**
 * Drops userinfo and masks every query value not known to be harmless. Upload locations carry a
 * signed `_state`, and token realms may carry anything, so the default is to hide.
 */
export function redactRegistryUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/\?.*$/, "?[redacted]");
  }
  url.username = "";
  url.password = "";
  const query = [...url.searchParams]
    .map(([name, value]) => `${name}=${SHOWN_QUERY_PARAMS.has(name) ? encodeURIComponent(value) : "[redacted]"}`)
    .join("&");
  return `${url.origin}${url.pathname}${query ? `?${query}` : ""}`;
}
