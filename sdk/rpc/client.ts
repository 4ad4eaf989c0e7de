/**
 * One RPC-style Alibaba Cloud product (CR, RAM or STS) at one endpoint. `call` is the whole
 * pipeline: flatten → sign → send → read the envelope → zod, retried per transport/retry.ts with
 * fresh credentials, nonce, timestamp and signature on every attempt.
 */

import type { z } from "zod";
import type { CredentialProvider, Credentials } from "../credentials/types";
import { AcsError } from "../errors";
import { normaliseEndpoint, type Product } from "../endpoints";
import { flattenParams } from "../signing";
import { HttpTransport, type HttpSender, type TransportTimeouts } from "../transport/http";
import { redactSecrets } from "../transport/redact";
import { AdaptiveRateLimiter, sharedRateLimiter } from "../transport/rate-limiter";
import { classifyFailure, systemRetryDeps, withRetry, type RetryDeps, type RetryEvent, type RetryPolicy } from "../transport/retry";
import { buildRequest, type SignatureVersion } from "./request";
import { interpretResponse } from "./response";

export interface RpcClientOptions {
  product: Product;
  /** API version, e.g. `2018-12-01`. */
  version: string;
  /** Base URL (`https://cr.cn-hangzhou.aliyuncs.com/`, or the emulator's `http://127.0.0.1:port/`). */
  endpoint: string;
  credentials: CredentialProvider;
  /** @default "v3" */
  signatureVersion?: SignatureVersion;
  /**
   * Host header (and signed `host`) when it differs from the endpoint's, see `serviceHostHeader`:
   * how a request sent to an address still reaches the right product and region.
   */
  hostHeader?: string;
  retry?: Partial<RetryPolicy>;
  /** Ignored when `transport` is given. */
  timeouts?: TransportTimeouts;
  userAgent?: string;
  /** A shared sender (one connection pool for several clients); the client then does not close it. */
  transport?: HttpSender;
  /** Test hooks for time and chance (a client given these also gets its own rate limiter on that clock). */
  retryDeps?: Partial<RetryDeps>;
  /**
   * Client-side adaptive rate limiting (transport/rate-limiter.ts), per endpoint and access key.
   * @default the process-wide limiter for that endpoint and key; `false` turns it off
   */
  rateLimiting?: boolean;
  onRetry?: (event: RetryEvent & { operation: string }) => void;
}

export interface CallOptions {
  /** @default "POST" (what the official SDK sends for every operation used here) */
  method?: "GET" | "POST";
  /**
   * Whether repeating the call after an ambiguous failure is harmless. Creates must say false.
   * @default true for Get/List/Describe actions, false otherwise
   */
  idempotent?: boolean;
}

/** The part of RpcClient the product clients use; tests may pass a stub. */
export interface RpcCaller {
  call<T>(action: string, params: Record<string, unknown>, schema: z.ZodType<T>, opts?: CallOptions): Promise<T>;
}

const DEFAULT_USER_AGENT = `pulumi-acr-ee-sdk Node.js/${process.version}`;

/** Parameter names whose values are secrets and must not survive an echo into an error message. */
const SECRET_PARAMS = ["Password", "AccessKeySecret", "SecurityToken"];

export class RpcClient implements RpcCaller {
  readonly product: Product;
  readonly version: string;
  readonly endpoint: URL;
  private readonly options: RpcClientOptions;
  private readonly transport: HttpSender;
  private readonly ownsTransport: boolean;
  private readonly privateLimiters = new Map<string, AdaptiveRateLimiter>();

  constructor(options: RpcClientOptions) {
    this.options = options;
    this.product = options.product;
    this.version = options.version;
    this.endpoint = new URL(normaliseEndpoint(options.endpoint));
    this.ownsTransport = options.transport === undefined;
    this.transport = options.transport ?? new HttpTransport({ timeouts: options.timeouts });
  }

  async call<T>(action: string, params: Record<string, unknown>, schema: z.ZodType<T>, opts: CallOptions = {}): Promise<T> {
    const method = opts.method ?? "POST";
    const idempotent = opts.idempotent ?? /^(Get|List|Describe)/.test(action);
    const business = flattenParams(params);
    const now = this.options.retryDeps?.now ?? Date.now;

    return withRetry(
      async () => {
        const credentials = await this.options.credentials();
        const secrets = secretsOf(credentials, business);
        const limiter = this.limiterFor(credentials.accessKeyId);
        await limiter?.acquire();
        try {
          const request = buildRequest({
            signatureVersion: this.options.signatureVersion ?? "v3",
            method,
            endpoint: this.endpoint,
            hostHeader: this.options.hostHeader,
            action,
            version: this.version,
            params: business,
            credentials,
            userAgent: this.options.userAgent ?? DEFAULT_USER_AGENT,
          });
          const response = await this.transport.send(request, action);
          const result = interpretResponse(response, { operation: action, schema, nowMs: now() });
          limiter?.record("ok");
          return result;
        } catch (err) {
          if (AcsError.is(err)) {
            scrub(err, secrets);
            limiter?.record(classifyFailure(err)?.kind === "throttling" ? "throttled" : "ok");
          }
          throw err;
        }
      },
      {
        idempotent,
        policy: this.options.retry,
        deps: this.options.retryDeps,
        onRetry: this.options.onRetry && ((event) => this.options.onRetry?.({ ...event, operation: action })),
      },
    );
  }

  /**
   * One limiter per endpoint (the address, and the name the service is addressed by) and access
   * key: the quota a gateway enforces. Shared by every client of the process unless this client runs on a test clock.
   */
  private limiterFor(accessKeyId: string): AdaptiveRateLimiter | undefined {
    if (this.options.rateLimiting === false) return undefined;
    const key = `${this.product} ${this.endpoint.host} ${this.options.hostHeader ?? ""} ${accessKeyId}`;
    if (!this.options.retryDeps) return sharedRateLimiter(key);
    let limiter = this.privateLimiters.get(key);
    if (!limiter) {
      const deps = { ...systemRetryDeps, ...this.options.retryDeps };
      limiter = new AdaptiveRateLimiter({}, { now: deps.now, sleep: deps.sleep });
      this.privateLimiters.set(key, limiter);
    }
    return limiter;
  }

  /** Releases the connection pool if this client created it. */
  async close(): Promise<void> {
    if (this.ownsTransport) await this.transport.close();
  }
}

function secretsOf(credentials: Credentials, params: Record<string, string>): string[] {
  const secrets = [credentials.accessKeySecret, credentials.securityToken ?? ""];
  for (const name of SECRET_PARAMS) if (params[name]) secrets.push(params[name]);
  return secrets;
}

/** Removes secrets from the message and stack in place; a server may echo what it was sent. */
function scrub(err: AcsError, secrets: string[]): void {
  err.message = redactSecrets(err.message, secrets);
  if (err.stack) err.stack = redactSecrets(err.stack, secrets);
}
