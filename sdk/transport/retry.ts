/**
 * When to try a failed call again, and how long to wait. {@link decideRetry} is a pure function of
 * the error, the attempt count, the elapsed time and a random number, so every rule is testable
 * without a clock; {@link withRetry} is the small loop around it.
 *
 * Idempotency. A request that creates something (CreateNamespace, CreateRole, CreatePolicyVersion…)
 * is sent again only when the failure proves the service never processed it: the connection was
 * never made (refused, connect timeout, DNS), or the gateway throttled it. A 5xx answer or a
 * reset/timeout after the bytes left may hide a create that succeeded, and a blind second create
 * would then fail with "already exists" or, worse, make a duplicate (a second policy version). Such
 * errors are returned to the caller, who reconciles: look the object up by its natural key
 * (namespace name, repository name, role name, sync rule by instance + name) and adopt it if it is
 * there, create again only if it is not. The provider's create does exactly that.
 */

import { AcsError } from "../errors";
import { isAmbiguousNetwork, isNeverSent, isThrottlingCode, isTransientServiceCode } from "./codes";

export interface RetryPolicy {
  /** Hard cap on attempts of any kind, the first included. @default Infinity (the deadline decides) */
  maxAttempts: number;
  /**
   * Attempts when a failure may hide work the service did (a 5xx, a reset after the bytes left).
   * Only idempotent calls are repeated at all then; past this the caller reconciles. @default 5
   */
  maxAmbiguousAttempts: number;
  /**
   * The operation's deadline: no retry starts once this much time has passed since the first
   * attempt (waits included). Throttling and never-sent failures are retried until then, as the
   * Terraform provider retries them until the resource's timeout. @default 300000 (5 minutes)
   */
  maxElapsedMs: number;
  /** Backoff base for 5xx and network failures. @default 200 */
  baseDelayMs: number;
  /** Backoff base for throttling: the quota needs longer than a blip to recover. @default 1000 */
  throttleBaseDelayMs: number;
  /** Upper bound of the exponential term. @default 20000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: Number.POSITIVE_INFINITY,
  maxAmbiguousAttempts: 5,
  maxElapsedMs: 300_000,
  baseDelayMs: 200,
  throttleBaseDelayMs: 1_000,
  maxDelayMs: 20_000,
});

/** Injectable effects, so tests control time and chance. */
export interface RetryDeps {
  /** Milliseconds, monotonic enough for elapsed-time checks. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

export const systemRetryDeps: RetryDeps = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export type RetryKind = "throttling" | "server" | "network";

export type RetryDecision =
  | { retry: true; delayMs: number; kind: RetryKind; reason: string }
  | { retry: false; reason: string };

export interface RetryInput {
  error: Pick<AcsError, "code" | "httpStatus" | "retryAfterMs">;
  /** Attempts made so far (1 after the first failure). */
  attempt: number;
  /**
   * How many of those failed in a way that may hide processed work (this one included); throttled
   * attempts do not count against `maxAmbiguousAttempts`. @default attempt
   */
  ambiguousAttempts?: number;
  elapsedMs: number;
  /** False for calls that create something; see the file comment. */
  idempotent: boolean;
}

/** What kind of transient failure this is, or undefined when trying again cannot help. */
export function classifyFailure(error: RetryInput["error"]): { kind: RetryKind; safeForCreate: boolean } | undefined {
  // safeForCreate: the service provably did nothing, so any call may be repeated, until the deadline.
  if (isThrottlingCode(error.code) || error.httpStatus === 429) return { kind: "throttling", safeForCreate: true };
  if (error.httpStatus === 0) {
    if (isNeverSent(error.code)) return { kind: "network", safeForCreate: true };
    if (isAmbiguousNetwork(error.code)) return { kind: "network", safeForCreate: false };
    return undefined;
  }
  // A 5xx (or a CR 200 carrying SystemError) may come after the service already acted.
  if (error.httpStatus >= 500 || isTransientServiceCode(error.code)) return { kind: "server", safeForCreate: false };
  return undefined;
}

/** Full jitter: uniform in [0, min(cap, base·2^(attempt-1))], which spreads a herd of clients apart. */
export function backoffDelay(attempt: number, kind: RetryKind, policy: RetryPolicy, random: number): number {
  const base = kind === "throttling" ? policy.throttleBaseDelayMs : policy.baseDelayMs;
  const ceiling = Math.min(policy.maxDelayMs, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}

export function decideRetry(input: RetryInput, policy: RetryPolicy, random: number): RetryDecision {
  const failure = classifyFailure(input.error);
  if (!failure) return { retry: false, reason: `${input.error.code} is not transient` };
  if (!input.idempotent && !failure.safeForCreate) {
    return { retry: false, reason: `${input.error.code} may have been processed; a create is not repeated blindly` };
  }
  if (input.attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${input.attempt} attempts` };
  const ambiguous = input.ambiguousAttempts ?? input.attempt;
  if (!failure.safeForCreate && ambiguous >= policy.maxAmbiguousAttempts) {
    return { retry: false, reason: `gave up after ${ambiguous} attempts that may each have been processed` };
  }
  // The service's own hint wins over our guess; it is not jittered because the server chose it.
  const delayMs = input.error.retryAfterMs ?? backoffDelay(input.attempt, failure.kind, policy, random);
  if (input.elapsedMs + delayMs > policy.maxElapsedMs) {
    return { retry: false, reason: `waiting ${delayMs} ms would pass the ${policy.maxElapsedMs} ms budget` };
  }
  return { retry: true, delayMs, kind: failure.kind, reason: `${failure.kind} (${input.error.code})` };
}

/**
 * `Retry-After` is seconds or an HTTP date; `x-acs-retry-after` (the Alibaba gateway's own, which
 * the official SDK reads first) is milliseconds. Returns undefined when neither is usable.
 */
export function parseRetryAfter(headers: Record<string, string>, nowMs: number): number | undefined {
  const acs = headers["x-acs-retry-after"];
  if (acs !== undefined && /^\s*\d+\s*$/.test(acs)) return Number(acs);
  const standard = headers["retry-after"]?.trim();
  if (!standard) return undefined;
  if (/^\d+(\.\d+)?$/.test(standard)) return Math.round(Number(standard) * 1000);
  const date = Date.parse(standard);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: AcsError;
  reason: string;
}

export interface WithRetryOptions {
  idempotent: boolean;
  policy?: Partial<RetryPolicy>;
  deps?: Partial<RetryDeps>;
  /** Called before each wait, e.g. for debug logging. */
  onRetry?: (event: RetryEvent) => void;
}

/**
 * Runs `attempt(n)` until it succeeds or {@link decideRetry} says stop. Only AcsErrors are
 * considered; anything else (a CredentialsError, a programming error) is thrown at once. The
 * thrown AcsError records how many attempts were made.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: WithRetryOptions): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const deps = { ...systemRetryDeps, ...options.deps };
  const start = deps.now();
  let ambiguousAttempts = 0;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!AcsError.is(err)) throw err;
      err.attempts = n;
      if (classifyFailure(err)?.safeForCreate === false) ambiguousAttempts++;
      const decision = decideRetry(
        { error: err, attempt: n, ambiguousAttempts, elapsedMs: deps.now() - start, idempotent: options.idempotent },
        policy,
        deps.random(),
      );
      if (!decision.retry) throw err;
      options.onRetry?.({ attempt: n, delayMs: decision.delayMs, error: err, reason: decision.reason });
      await deps.sleep(decision.delayMs);
    }
  }
}

