/**
 * One registry host over undici: authentication on 401, retries of replayable requests, redirects
 * for reads, request counting, and the `{"errors":[…]}` envelope turned into a RegistryError.
 * Bodies that are streams are sent exactly once (they cannot be rewound); callers that stream
 * retry at their own level, with a fresh source stream.
 */

import type { Readable } from "node:stream";
import { Agent, type Dispatcher } from "undici";
import { z } from "zod";
import { Authenticator, type RegistryCredentials } from "./auth";
import { mergeScopes } from "./challenge";
import { OciError, RegistryError, redactRegistryUrl, type RegistryErrorDetail } from "./errors";
import { networkCodeOf, resolveRetry, withOciRetry, type OciRetryOptions, type ResolvedRetry } from "./retry";

export type RequestKind =
  | "ping"
  | "manifest.head"
  | "manifest.get"
  | "manifest.put"
  | "manifest.delete"
  | "blob.head"
  | "blob.get"
  | "blob.delete"
  | "upload.start"
  | "upload.mount"
  | "upload.single"
  | "upload.patch"
  | "upload.put"
  | "upload.cancel"
  | "tags.list"
  | "referrers"
  | "auth.token";

/** Requests sent, by kind; retries and redirects count as requests. */
export type RequestTally = Partial<Record<RequestKind, number>>;

export interface CallOptions {
  signal?: AbortSignal;
  /** Also count this call's requests here (the copy engine's per-copy report). */
  tally?: RequestTally;
  /**
   * More token scopes to ask for along with the request's own, e.g. push rights a copy will need
   * right after its first look at the target: one token then serves every request of the copy.
   */
  scopes?: string[];
  /** Told before each retry wait (the copy engine slows down on a 429 through this). */
  onRetry?: (error: unknown, delayMs: number) => void;
  /** Waits before a retry instead of a plain sleep (the copy engine frees the request's slot meanwhile). */
  retryWait?: (delayMs: number, sleep: ResolvedRetry["sleep"], signal?: AbortSignal) => Promise<void>;
}

export interface RegistryTransportOptions {
  /** `http://host:port` or `https://host`. */
  origin: string;
  credentials?: RegistryCredentials;
  /** Bring your own undici dispatcher (a proxy agent, an interceptor); it is not closed by close(). */
  dispatcher?: Dispatcher;
  retry?: OciRetryOptions;
  /** Applies to the dispatcher this transport creates. @default 30000 */
  timeoutMs?: number;
  now?: () => number;
}

export interface SendRequest {
  kind: RequestKind;
  method: "GET" | "HEAD" | "PUT" | "POST" | "PATCH" | "DELETE";
  /** A `/v2/…` path, or an absolute URL on this registry (an upload Location). */
  target: string;
  headers?: Record<string, string>;
  /** A Readable is sent once, never retried, never re-sent after a challenge. */
  body?: Buffer | Readable;
  /** Token scopes this request needs. */
  scopes: string[];
  /** Statuses the caller handles; anything else becomes a RegistryError. */
  expect: readonly number[];
}

export interface SendResult {
  status: number;
  /** Lowercase names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Must be consumed or dumped by the caller. */
  body: Dispatcher.ResponseData["body"];
  /** The final URL (after redirects). */
  url: string;
}

const MAX_REDIRECTS = 5;
const MAX_ERROR_BODY = 64 * 1024;

const errorEnvelope = z.object({
  errors: z.array(z.looseObject({ code: z.string(), message: z.string().optional(), detail: z.unknown().optional() })),
});

export class RegistryTransport {
  readonly origin: string;
  /** Every request this transport sent, by kind, since it was created. */
  readonly tally: RequestTally = {};
  readonly retry: ResolvedRetry;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly auth: Authenticator;
  private probed: Promise<void> | undefined;
  private readonly hasCredentials: boolean;

  constructor(options: RegistryTransportOptions) {
    this.origin = new URL(options.origin).origin;
    const timeout = options.timeoutMs ?? 30_000;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ?? new Agent({ connections: 16, headersTimeout: timeout, bodyTimeout: timeout, connect: { timeout: 10_000 } });
    this.retry = resolveRetry(options.retry);
    this.hasCredentials = !!options.credentials;
    this.auth = new Authenticator({ origin: this.origin, credentials: options.credentials, dispatcher: this.dispatcher, now: options.now });
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** Sends with retries when the body can be replayed, once otherwise. */
  send(request: SendRequest, options: CallOptions = {}): Promise<SendResult> {
    const replayable = !request.body || Buffer.isBuffer(request.body);
    const retry = { ...this.retry, maxAttempts: replayable ? this.retry.maxAttempts : 1, sleep: this.retry.sleep };
    const wait = options.retryWait;
    if (wait) retry.sleep = (ms, signal) => wait(ms, this.retry.sleep, signal);
    const onRetry = options.onRetry && ((err: unknown, _attempt: number, delayMs: number) => options.onRetry!(err, delayMs));
    return withOciRetry(() => this.attempt(request, replayable, options), retry, options.signal, onRetry);
  }

  private count(kind: RequestKind, options: CallOptions): void {
    this.tally[kind] = (this.tally[kind] ?? 0) + 1;
    if (options.tally) options.tally[kind] = (options.tally[kind] ?? 0) + 1;
  }

  /**
   * Once per transport that holds credentials, before its first request: `GET /v2/` tells which
   * auth the registry wants (the probe docker and skopeo send too), so the first real request
   * already carries a token or the password instead of being refused and sent twice. Without
   * credentials there is nothing to prepare (anonymous tokens come from a challenge as before).
   * Its failures are ignored: the request itself reports them.
   */
  private probe(options: CallOptions): Promise<void> {
    if (!this.hasCredentials) return Promise.resolve();
    this.probed ??= (async () => {
      this.count("ping", options);
      try {
        const response = await this.dispatcher.request({ origin: this.origin, path: "/v2/", method: "GET", signal: options.signal });
        await response.body.dump();
        if (response.statusCode === 401) this.auth.learn(flatten(response.headers)["www-authenticate"]);
      } catch {
        // An unreachable registry fails the real request with a proper error right after.
      }
    })();
    return this.probed;
  }

  private async attempt(request: SendRequest, replayable: boolean, options: CallOptions): Promise<SendResult> {
    const countToken = () => this.count("auth.token", options);
    const scopes = options.scopes ? mergeScopes(request.scopes, options.scopes) : request.scopes;
    await this.probe(options);
    let url = new URL(request.target, this.origin);
    let authorization = await this.auth.authorization(scopes, options.signal, countToken);
    let challenged = false;
    for (let hop = 0; ; ) {
      const sameOrigin = url.origin === this.origin;
      const headers: Record<string, string> = { ...request.headers };
      if (authorization && sameOrigin) headers.authorization = authorization;
      this.count(request.kind, options);
      const response = await this.dispatch(request, url, headers, options.signal);
      const result: SendResult = { status: response.statusCode, headers: flatten(response.headers), body: response.body, url: url.href };

      if (result.status === 401 && sameOrigin && !challenged) {
        challenged = true;
        const renewed = await this.auth.onChallenge(result.headers["www-authenticate"], scopes, authorization, options.signal, countToken);
        if (renewed && replayable) {
          await result.body.dump();
          authorization = await this.auth.authorization(scopes, options.signal, countToken);
          continue;
        }
        // The body still holds the registry's error codes (UNAUTHORIZED…) for the caller.
        throw await this.failure(request, result, renewed && !replayable ? true : undefined);
      }
      const redirect = isRedirect(result.status) && (request.method === "GET" || request.method === "HEAD") && result.headers.location;
      if (redirect && !request.expect.includes(result.status)) {
        await result.body.dump();
        if (++hop > MAX_REDIRECTS) throw await this.failure(request, result);
        url = new URL(redirect, url);
        continue;
      }
      if (!request.expect.includes(result.status)) throw await this.failure(request, result);
      return result;
    }
  }

  private async dispatch(request: SendRequest, url: URL, headers: Record<string, string>, signal?: AbortSignal) {
    try {
      return await this.dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
        body: request.body ?? null,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      // Our own stream checks (a digest mismatch) surface through the request; keep them as they are.
      const own = findOciError(err);
      if (own) throw own;
      throw new RegistryError({
        status: 0,
        method: request.method,
        url: redactRegistryUrl(url.href),
        networkCode: networkCodeOf(err),
        message: err instanceof Error ? err.message : String(err),
        cause: err,
      });
    }
  }

  private async failure(request: SendRequest, result: SendResult, retryable?: boolean): Promise<RegistryError> {
    const text = request.method === "HEAD" ? "" : await readCapped(result.body, MAX_ERROR_BODY);
    if (request.method === "HEAD") await result.body.dump();
    let errors: RegistryErrorDetail[] | undefined;
    try {
      errors = errorEnvelope.parse(JSON.parse(text)).errors;
    } catch {
      // Not the distribution envelope (a proxy's HTML page, an empty HEAD answer): status alone then.
    }
    return new RegistryError({
      status: result.status,
      method: request.method,
      url: redactRegistryUrl(result.url),
      errors,
      retryAfterMs: parseRetryAfterMs(result.headers["retry-after"]),
      retryable,
    });
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function findOciError(err: unknown): OciError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (OciError.is(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** Reads a response body up to `cap` bytes and drops the rest (an error page must not fill memory). */
export async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk.subarray(0, Math.max(0, cap - size)));
    size += chunk.length;
    if (size >= cap) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** `Retry-After` in seconds or as an HTTP date. */
export function parseRetryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
