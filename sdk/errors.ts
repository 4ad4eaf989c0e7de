/**
 * Typed errors for every call the SDK makes. One class, {@link AcsError}, carries what a caller
 * needs to decide and to report: the service code, the request ID, the HTTP status, the operation
 * and the service's own troubleshooting link. Checks use {@link AcsError.is} rather than bare
 * `instanceof`, so two copies of this package in one process still recognise each other's errors.
 */

const ACS_ERROR_BRAND = Symbol.for("pulumi-acr-ee.AcsError");
const CREDENTIALS_ERROR_BRAND = Symbol.for("pulumi-acr-ee.CredentialsError");

/** Where the fault lies: the caller (fix the request), the service (retry may help) or the network. */
export type Fault = "client" | "server" | "network";

export interface AcsErrorFields {
  /** Service code such as `EntityNotExist.Role`, `NAMESPACE_NOT_EXIST` or `Throttling.User`. */
  code: string;
  message: string;
  /** The service's request ID, or undefined when no response arrived. */
  requestId?: string;
  /** HTTP status; 200 for CR business errors (`IsSuccess:false`), 0 when no response arrived. */
  httpStatus: number;
  /** API action, for example `CreateRepoSyncRule`. */
  operation: string;
  /** The `Recommend` troubleshooting URL when the service sent one. */
  recommend?: string;
  hostId?: string;
  fault?: Fault;
  /** How many attempts were made, retries included. */
  attempts?: number;
  /** The wait the service asked for (`x-acs-retry-after` or `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class AcsError extends Error {
  readonly code: string;
  readonly requestId?: string;
  readonly httpStatus: number;
  readonly operation: string;
  readonly recommend?: string;
  readonly hostId?: string;
  readonly fault: Fault;
  readonly retryAfterMs?: number;
  attempts: number;

  constructor(fields: AcsErrorFields) {
    const where = fields.requestId ? ` (request ${fields.requestId})` : "";
    super(`${fields.operation}: ${fields.code}: ${fields.message}${where}`, { cause: fields.cause });
    this.name = "AcsError";
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.httpStatus = fields.httpStatus;
    this.operation = fields.operation;
    this.recommend = fields.recommend;
    this.hostId = fields.hostId;
    this.fault = fields.fault ?? (fields.httpStatus >= 500 ? "server" : fields.httpStatus === 0 ? "network" : "client");
    this.attempts = fields.attempts ?? 1;
    this.retryAfterMs = fields.retryAfterMs;
    Object.defineProperty(this, ACS_ERROR_BRAND, { value: true });
  }

  /** True for an AcsError from any copy of this package; optionally with one of the given codes. */
  static is(value: unknown, ...codes: string[]): value is AcsError {
    if (typeof value !== "object" || value === null || !(value as Record<symbol, unknown>)[ACS_ERROR_BRAND]) return false;
    return codes.length === 0 || codes.includes((value as AcsError).code);
  }

  /** Not-found codes across CR (`*_NOT_EXIST`) and RAM (`EntityNotExist.*`). */
  static isNotFound(value: unknown): value is AcsError {
    return AcsError.is(value) && (/_NOT_EXIST$/.test(value.code) || value.code.startsWith("EntityNotExist"));
  }
}

/** The credential chain found nothing usable; `tried` lists each source and why it was skipped. */
export class CredentialsError extends Error {
  readonly tried: readonly string[];
  constructor(message: string, tried: readonly string[] = [], cause?: unknown) {
    super(tried.length ? `${message}\nTried, in order:\n${tried.map((t) => `  - ${t}`).join("\n")}` : message, { cause });
    this.name = "CredentialsError";
    this.tried = tried;
    Object.defineProperty(this, CREDENTIALS_ERROR_BRAND, { value: true });
  }
  static is(value: unknown): value is CredentialsError {
    return typeof value === "object" && value !== null && !!(value as Record<symbol, unknown>)[CREDENTIALS_ERROR_BRAND];
  }
}
