/**
 * OCI distribution error bodies (`{"errors":[{code,message,detail}]}`) with the spec's codes and
 * status codes. Handlers throw `RegistryApiError`; the server renders it once.
 */

export type OciErrorCode =
  | "BLOB_UNKNOWN"
  | "BLOB_UPLOAD_INVALID"
  | "BLOB_UPLOAD_UNKNOWN"
  | "DIGEST_INVALID"
  | "MANIFEST_BLOB_UNKNOWN"
  | "MANIFEST_INVALID"
  | "MANIFEST_UNKNOWN"
  | "NAME_INVALID"
  | "NAME_UNKNOWN"
  | "SIZE_INVALID"
  | "UNAUTHORIZED"
  | "DENIED"
  | "UNSUPPORTED"
  | "TOOMANYREQUESTS"
  | "TAG_INVALID"
  | "RANGE_INVALID";

export class RegistryApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: OciErrorCode,
    message: string,
    readonly detail?: unknown,
    /** Extra response headers, e.g. `WWW-Authenticate` or `Range`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "RegistryApiError";
  }

  body(): string {
    return JSON.stringify({ errors: [{ code: this.code, message: this.message, detail: this.detail ?? null }] });
  }
}

export const oci = {
  blobUnknown: (digest: string) => new RegistryApiError(404, "BLOB_UNKNOWN", `blob ${digest} is not in this repository`, { digest }),
  manifestUnknown: (reference: string) =>
    new RegistryApiError(404, "MANIFEST_UNKNOWN", `manifest ${reference} is not in this repository`, { reference }),
  nameUnknown: (name: string, why: string) => new RegistryApiError(404, "NAME_UNKNOWN", `repository ${name} is not known: ${why}`, { name }),
  nameInvalid: (name: string) =>
    new RegistryApiError(400, "NAME_INVALID", `repository name ${JSON.stringify(name)} must be <namespace>/<repository>`, { name }),
  digestInvalid: (message: string, detail?: unknown) => new RegistryApiError(400, "DIGEST_INVALID", message, detail),
  uploadUnknown: (id: string) => new RegistryApiError(404, "BLOB_UPLOAD_UNKNOWN", `upload ${id} is not in progress`, { id }),
  uploadInvalid: (message: string) => new RegistryApiError(400, "BLOB_UPLOAD_INVALID", message),
  sizeInvalid: (message: string) => new RegistryApiError(400, "SIZE_INVALID", message),
  manifestInvalid: (message: string) => new RegistryApiError(400, "MANIFEST_INVALID", message),
  manifestBlobUnknown: (digest: string) =>
    new RegistryApiError(400, "MANIFEST_BLOB_UNKNOWN", `the manifest references ${digest}, which is not in this repository; push it first`, {
      digest,
    }),
  tagInvalid: (message: string) => new RegistryApiError(400, "TAG_INVALID", message),
  denied: (message: string) => new RegistryApiError(403, "DENIED", message),
  unsupported: (message: string) => new RegistryApiError(405, "UNSUPPORTED", message),
};
