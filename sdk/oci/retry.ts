/**
 * When a registry call is worth repeating. Registry operations are idempotent by content (a blob
 * or manifest PUT of the same bytes lands on the same digest; a repeated upload POST only leaves
 * an orphan session the registry purges), so unlike the CR API every transient failure may be
 * retried: 429, 5xx, and a connection that broke.
 */

import { OciError, RegistryError } from "./errors";

export interface OciRetryOptions {
  /** Total attempts, the first included. @default 4 */
  maxAttempts?: number;
  /** Backoff base; the n-th wait is uniform in [0, base·2^(n-1)] (full jitter). @default 250 */
  baseDelayMs?: number;
  /** Cap for one wait, a registry's `Retry-After` included. @default 10000 */
  maxDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export type ResolvedRetry = Required<OciRetryOptions>;

export function resolveRetry(options: OciRetryOptions | undefined): ResolvedRetry {
  return {
    maxAttempts: options?.maxAttempts ?? 4,
    baseDelayMs: options?.baseDelayMs ?? 250,
    maxDelayMs: options?.maxDelayMs ?? 10_000,
    sleep: options?.sleep ?? abortableSleep,
    random: options?.random ?? Math.random,
  };
}

/** Socket failures where a second try may well succeed. A refused connection is included: registries restart. */
const TRANSIENT_NETWORK = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export function isTransientNetworkCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_NETWORK.has(code);
}

/** True for failures another attempt can cure; never for our own digest checks or an abort. */
export function isRetryable(err: unknown): boolean {
  if (RegistryError.isRegistryError(err)) {
    if (err.retryable !== undefined) return err.retryable;
    if (err.status === 0) return isTransientNetworkCode(err.networkCode);
    return err.status === 429 || err.status === 408 || (err.status >= 500 && err.status !== 501);
  }
  if (OciError.is(err)) return false;
  return isTransientNetworkCode(networkCodeOf(err));
}

/** The first `code` along an error's cause chain (undici wraps socket errors). */
export function networkCodeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_ABORTED" && code !== "ABORT_ERR") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function backoffMs(attempt: number, retry: ResolvedRetry, hintMs?: number): number {
  if (hintMs !== undefined) return Math.min(hintMs, retry.maxDelayMs);
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(retry.random() * ceiling);
}

/** Runs `fn` until it succeeds, fails for good, or the signal fires. */
export async function withOciRetry<T>(
  fn: (attempt: number) => Promise<T>,
  retry: ResolvedRetry,
  signal?: AbortSignal,
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      if (signal?.aborted || attempt >= retry.maxAttempts || !isRetryable(err)) throw err;
      const delay = backoffMs(attempt, retry, RegistryError.isRegistryError(err) ? err.retryAfterMs : undefined);
      onRetry?.(err, attempt, delay);
      await retry.sleep(delay, signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
