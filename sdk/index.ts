/**
 * Public surface of the SDK: typed errors, credentials types, request signing, the transport and
 * retry policy, endpoint resolution and the CR / RAM / STS clients.
 */

export * from "./errors";
export * from "./credentials";
export * from "./signing";
export * from "./endpoints";
export * from "./clients";
export { RpcClient, type RpcCaller, type RpcClientOptions, type CallOptions } from "./rpc/client";
export type { SignatureVersion } from "./rpc/request";
export {
  HttpTransport,
  type HttpRequest,
  type HttpResponse,
  type HttpSender,
  type HttpTransportOptions,
  type TransportTimeouts,
} from "./transport/http";
export { NetworkCode, ResponseCode } from "./transport/codes";
export {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  parseRetryAfter,
  withRetry,
  type RetryDecision,
  type RetryDeps,
  type RetryEvent,
  type RetryPolicy,
} from "./transport/retry";
export { redactSecrets, redactUrl } from "./transport/redact";
export * from "./oci";
