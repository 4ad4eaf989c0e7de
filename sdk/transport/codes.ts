/**
 * Error codes the SDK itself assigns when no service answer explains a failure, and the
 * classification the retry policy needs. Kept apart from the sender so the retry decision stays
 * a pure function of an error's fields.
 */

export const NetworkCode = {
  /** TCP connect did not finish in time: nothing was sent. */
  ConnectTimeout: "ConnectTimeout",
  /** The peer refused the connection: nothing was sent. */
  ConnectionRefused: "ConnectionRefused",
  /** DNS gave no address: nothing was sent. */
  HostNotFound: "HostNotFound",
  /** The connection broke after it was open; the request may or may not have been processed. */
  ConnectionReset: "ConnectionReset",
  /** No (complete) answer in time after sending; the request may have been processed. */
  RequestTimeout: "RequestTimeout",
  /** The TLS handshake failed (bad certificate, protocol mismatch): retrying will not help. */
  TlsError: "TlsError",
  /** The caller aborted the request. */
  RequestAborted: "RequestAborted",
  /** Any other socket-level failure; treated as ambiguous. */
  NetworkError: "NetworkError",
} as const;
export type NetworkCode = (typeof NetworkCode)[keyof typeof NetworkCode];

/** Codes the SDK assigns to answers it cannot use. */
export const ResponseCode = {
  /** A success body that is not JSON or does not match the expected shape. */
  InvalidResponse: "InvalidResponse",
  /** A body larger than the configured cap. */
  ResponseTooLarge: "ResponseTooLarge",
} as const;

/** Failures that prove the request never left this process, so even a create may be sent again. */
const NEVER_SENT: ReadonlySet<string> = new Set([
  NetworkCode.ConnectTimeout,
  NetworkCode.ConnectionRefused,
  NetworkCode.HostNotFound,
]);

/** Network failures after which the outcome on the service side is unknown. */
const AMBIGUOUS_NETWORK: ReadonlySet<string> = new Set([
  NetworkCode.ConnectionReset,
  NetworkCode.RequestTimeout,
  NetworkCode.NetworkError,
]);

/** Service codes that mean "try again later" even with a non-5xx status. */
const TRANSIENT_SERVICE_CODES: ReadonlySet<string> = new Set([
  "ServiceUnavailable",
  "InternalError",
  "SystemError",
  "ServiceTimeout",
]);

export function isNeverSent(code: string): boolean {
  return NEVER_SENT.has(code);
}

export function isAmbiguousNetwork(code: string): boolean {
  return AMBIGUOUS_NETWORK.has(code);
}

/**
 * `Throttling`, `Throttling.User`, `Throttling.Api`, `Rejected.Throttling`…: the gateway refused
 * the call before it reached the service, so it is safe to repeat any request (Terraform's rule).
 */
export function isThrottlingCode(code: string): boolean {
  return code.includes("Throttling");
}

export function isTransientServiceCode(code: string): boolean {
  return TRANSIENT_SERVICE_CODES.has(code);
}
