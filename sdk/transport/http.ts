/**
 * The one place the SDK touches the network. An undici `Agent` keeps a keep-alive pool per origin,
 * so the CR, RAM and STS clients of one provider share connections. Socket failures become
 * AcsErrors with `httpStatus: 0`, `fault: "network"` and a code that tells the retry policy whether
 * the request could have reached the service.
 */

import { Agent } from "undici";
import { AcsError } from "../errors";
import { NetworkCode, ResponseCode } from "./codes";
import { redactUrl } from "./redact";

export interface HttpRequest {
  method: "GET" | "POST";
  /** Absolute URL, query included. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lowercase names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
  /** True when an error body was longer than the cap and was cut. */
  truncated: boolean;
}

export interface TransportTimeouts {
  /** TCP + TLS connect. @default 5000 */
  connectMs?: number;
  /** Wait for the response headers, and then at most this long between body chunks. @default 30000 */
  requestMs?: number;
}

/**
 * Connections per origin. The Pulumi engine runs up to 4 × CPUs resource operations at once (its
 * `--parallel` default: 32 on an 8-core runner), and every one of them may be waiting on a call; a
 * smaller pool would queue those calls behind each other, adding their latencies. Holding back when
 * the service throttles is the adaptive rate limiter's job (rate-limiter.ts), not the pool's.
 */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 32;

export interface HttpTransportOptions {
  /** Concurrent connections per origin. @default DEFAULT_CONNECTIONS_PER_ORIGIN */
  connections?: number;
  timeouts?: TransportTimeouts;
  /** How long an idle connection stays open. @default 4000 (below common server idle limits) */
  keepAliveMs?: number;
  /** Cap for a success body; more is an `InvalidResponse`-class failure. @default 16 MiB */
  maxBodyBytes?: number;
  /** Cap for an error body; the rest is dropped, the error stays readable. @default 64 KiB */
  maxErrorBodyBytes?: number;
}

/** What the RPC layer needs from a transport; tests and callers may substitute their own. */
export interface HttpSender {
  /** `operation` (the API action) only labels errors. */
  send(request: HttpRequest, operation: string): Promise<HttpResponse>;
  close(): Promise<void>;
}

export class HttpTransport implements HttpSender {
  private readonly agent: Agent;
  private readonly maxBodyBytes: number;
  private readonly maxErrorBodyBytes: number;

  constructor(options: HttpTransportOptions = {}) {
    const requestMs = options.timeouts?.requestMs ?? 30_000;
    this.agent = new Agent({
      connections: options.connections ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
      connect: { timeout: options.timeouts?.connectMs ?? 5_000 },
      headersTimeout: requestMs,
      bodyTimeout: requestMs,
      keepAliveTimeout: options.keepAliveMs ?? 4_000,
    });
    this.maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
    this.maxErrorBodyBytes = options.maxErrorBodyBytes ?? 64 * 1024;
  }

  async send(request: HttpRequest, operation: string): Promise<HttpResponse> {
    const url = new URL(request.url);
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
      });
      const isError = response.statusCode < 200 || response.statusCode >= 300;
      const cap = isError ? this.maxErrorBodyBytes : this.maxBodyBytes;
      const { text, truncated } = await readCapped(response.body, cap);
      if (truncated && !isError) {
        throw new AcsError({
          code: ResponseCode.ResponseTooLarge,
          message: `response body exceeds ${cap} bytes`,
          httpStatus: response.statusCode,
          operation,
          fault: "server",
        });
      }
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body: text, truncated };
    } catch (err) {
      if (AcsError.is(err)) throw err;
      throw networkError(err, request, operation);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Reads at most `cap` bytes; past that the stream is destroyed (closing the connection) and the text is cut. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, cap: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = cap - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      body.destroy();
      return { text: Buffer.concat(chunks).toString("utf8"), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * Collects `code` values along the cause chain (undici sometimes wraps the socket's own error).
 * A system error raised by `connect()` is tagged `connect:<code>`: an ETIMEDOUT there means nothing
 * was sent, while the same code later on an open socket leaves the outcome unknown.
 */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const { code, syscall } = current as { code?: unknown; syscall?: unknown };
    if (typeof code === "string") codes.push(syscall === "connect" ? `connect:${code}` : code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function classify(codes: string[]): NetworkCode {
  const has = (...names: string[]) => codes.some((c) => names.includes(c));
  if (has("UND_ERR_CONNECT_TIMEOUT", "connect:ETIMEDOUT")) return NetworkCode.ConnectTimeout;
  if (has("ECONNREFUSED", "connect:ECONNREFUSED")) return NetworkCode.ConnectionRefused;
  if (has("ENOTFOUND", "EAI_AGAIN", "EAI_NONAME")) return NetworkCode.HostNotFound;
  if (codes.some((c) => /^(ERR_TLS|ERR_SSL|UNABLE_TO_)|CERT/.test(c))) return NetworkCode.TlsError;
  if (has("UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT")) return NetworkCode.RequestTimeout;
  if (has("ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_RES_CONTENT_LENGTH_MISMATCH")) {
    return NetworkCode.ConnectionReset;
  }
  if (has("UND_ERR_ABORTED", "ABORT_ERR")) return NetworkCode.RequestAborted;
  return NetworkCode.NetworkError;
}

/** Maps a socket-level failure to an AcsError whose message names the (redacted) URL. */
export function networkError(err: unknown, request: Pick<HttpRequest, "method" | "url">, operation: string): AcsError {
  const code = classify(errorCodes(err));
  const detail = err instanceof Error ? err.message : String(err);
  return new AcsError({
    code,
    message: `${request.method} ${redactUrl(request.url)} failed: ${detail}`,
    httpStatus: 0,
    operation,
    fault: "network",
    cause: err,
  });
}
