/**
 * Registry authentication, driven by challenges. Nothing is sent until the registry asks (the
 * transport's `GET /v2/` probe, or a refused request): a 401
 * with `Basic` switches the host to basic auth; a 401 with `Bearer` makes us fetch a token from
 * the realm for the scopes the request needs (plus any the challenge names) and cache it per
 * scope set until it expires. Once a host is known to want tokens, later requests fetch theirs
 * up front instead of paying a 401 round trip per repository.
 */

import type { Dispatcher } from "undici";
import { z } from "zod";
import { mergeScopes, parseChallenges, scopesCover } from "./challenge";
import { RegistryError, redactRegistryUrl } from "./errors";

export interface RegistryCredentials {
  username: string;
  password: string;
}

interface CachedToken {
  scopes: string[];
  header: string;
  /** When to stop using it (already shortened by a safety margin). */
  refreshAt: number;
}

type HostScheme = { type: "none" } | { type: "basic" } | { type: "bearer"; realm: string; service?: string };

const tokenAnswer = z.looseObject({
  token: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
  expires_in: z.number().positive().optional(),
});

/** Tokens without `expires_in` are valid 60 s by the spec. */
const DEFAULT_TOKEN_SECONDS = 60;

export interface AuthenticatorOptions {
  /** The registry's origin, e.g. `https://registry.example`; tokens are only used for it. */
  origin: string;
  credentials?: RegistryCredentials;
  dispatcher: Dispatcher;
  now?: () => number;
}

/** Called once per token request sent, so callers can count them. */
export type TokenCounter = () => void;

export class Authenticator {
  private scheme: HostScheme = { type: "none" };
  private tokens: CachedToken[] = [];
  private readonly inflight = new Map<string, Promise<CachedToken>>();
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The `Authorization` value to send for a request needing `scopes`, or undefined for none. */
  async authorization(scopes: readonly string[], signal?: AbortSignal, count?: TokenCounter): Promise<string | undefined> {
    const scheme = this.scheme;
    if (scheme.type === "basic") return this.basicHeader();
    if (scheme.type !== "bearer") return undefined;
    return (this.cached(scopes) ?? (await this.fetchToken(scheme, mergeScopes(scopes), signal, count))).header;
  }

  /**
   * Reacts to a 401. Returns true when the request should be sent again (new credentials are now
   * available), false when another try cannot help (no credentials, or these were just refused).
   * `sent` is the Authorization value the rejected request carried.
   */
  async onChallenge(
    header: string | undefined,
    scopes: readonly string[],
    sent: string | undefined,
    signal?: AbortSignal,
    count?: TokenCounter,
  ): Promise<boolean> {
    const challenges = parseChallenges(header ?? "");
    const bearer = challenges.find((c) => c.scheme === "bearer");
    if (bearer?.params.realm) {
      const scheme: HostScheme = { type: "bearer", realm: bearer.params.realm, service: bearer.params.service };
      this.scheme = scheme;
      const wanted = mergeScopes(scopes, (bearer.params.scope ?? "").split(" ").filter(Boolean));
      // Another request may have refreshed the token meanwhile; only fetch when ours is the newest.
      const current = this.cached(wanted);
      if (current && current.header !== sent) return true;
      this.tokens = this.tokens.filter((t) => t.header !== sent);
      await this.fetchToken(scheme, wanted, signal, count);
      return true;
    }
    if (challenges.some((c) => c.scheme === "basic")) {
      if (!this.options.credentials || sent?.startsWith("Basic ")) return false;
      this.scheme = { type: "basic" };
      return true;
    }
    return false;
  }

  /**
   * Takes the scheme from a challenge without fetching anything (the answer to a `GET /v2/` probe):
   * Bearer remembers the realm, so the next request brings a token for its scopes; Basic is used
   * when there are credentials to send.
   */
  learn(header: string | undefined): void {
    if (this.scheme.type !== "none") return;
    const challenges = parseChallenges(header ?? "");
    const bearer = challenges.find((c) => c.scheme === "bearer");
    if (bearer?.params.realm) this.scheme = { type: "bearer", realm: bearer.params.realm, service: bearer.params.service };
    else if (this.options.credentials && challenges.some((c) => c.scheme === "basic")) this.scheme = { type: "basic" };
  }

  private basicHeader(): string | undefined {
    const creds = this.options.credentials;
    if (!creds) return undefined;
    return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
  }

  private cached(scopes: readonly string[]): CachedToken | undefined {
    const now = this.now();
    this.tokens = this.tokens.filter((t) => t.refreshAt > now);
    return this.tokens.find((t) => scopesCover(t.scopes, scopes));
  }

  /** One request per scope set at a time: parallel blob checks share the fetch. */
  private fetchToken(
    scheme: Extract<HostScheme, { type: "bearer" }>,
    scopes: string[],
    signal?: AbortSignal,
    count?: TokenCounter,
  ): Promise<CachedToken> {
    const key = scopes.join(" ");
    let pending = this.inflight.get(key);
    if (!pending) {
      count?.();
      pending = this.requestToken(scheme, scopes, signal).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async requestToken(scheme: Extract<HostScheme, { type: "bearer" }>, scopes: string[], signal?: AbortSignal): Promise<CachedToken> {
    const realm = this.checkedRealm(scheme.realm);
    const url = new URL(realm);
    if (scheme.service) url.searchParams.set("service", scheme.service);
    for (const scope of scopes) url.searchParams.append("scope", scope);
    const headers: Record<string, string> = { accept: "application/json" };
    const basic = this.basicHeader();
    if (basic) headers.authorization = basic;
    const started = this.now();
    const fail = (status: number, message: string, cause?: unknown) =>
      new RegistryError({ status, method: "GET", url: redactRegistryUrl(url.href), message, cause });
    let response: Dispatcher.ResponseData;
    try {
      response = await this.options.dispatcher.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: "GET", headers, signal });
    } catch (err) {
      throw fail(0, "token request failed", err);
    }
    const text = await response.body.text();
    if (response.statusCode !== 200) throw fail(response.statusCode, "token request refused");
    let parsed: z.infer<typeof tokenAnswer>;
    try {
      parsed = tokenAnswer.parse(JSON.parse(text));
    } catch (err) {
      throw fail(response.statusCode, "token answer is not the expected JSON", err);
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token) throw fail(response.statusCode, "token answer has neither token nor access_token");
    const lifetimeMs = (parsed.expires_in ?? DEFAULT_TOKEN_SECONDS) * 1000;
    // Renew a little early so a request never leaves with a token that dies on the way.
    const margin = Math.min(10_000, lifetimeMs * 0.1);
    const cached: CachedToken = { scopes, header: `Bearer ${token}`, refreshAt: started + lifetimeMs - margin };
    this.tokens.push(cached);
    return cached;
  }

  /**
   * The realm is chosen by the server. Credentials go to it only over https, or over plain http
   * when it is the registry's own host (a local registry): never to a third party in the clear.
   */
  private checkedRealm(realm: string): string {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError({ status: 401, method: "GET", url: "(realm)", message: "token realm is not a URL" });
    }
    const registry = new URL(this.options.origin);
    const unsafe =
      (url.protocol !== "https:" && url.protocol !== "http:") ||
      (registry.protocol === "https:" && url.protocol !== "https:") ||
      (url.protocol === "http:" && !!this.options.credentials && url.hostname !== registry.hostname);
    if (unsafe) {
      throw new RegistryError({ status: 401, method: "GET", url: redactRegistryUrl(url.href), message: "refusing an insecure token realm" });
    }
    return url.href;
  }
}
