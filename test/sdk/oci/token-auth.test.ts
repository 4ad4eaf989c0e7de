import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MediaType, RegistryClient, RegistryError, digestOf } from "../../../sdk/oci";

/**
 * A tiny registry plus token service on one loopback port: manifests need a Bearer token whose
 * scopes grant the action; the token endpoint checks basic credentials and records each request.
 */
interface TokenRequest {
  scopes: string[];
  service: string | null;
  authorization?: string;
}

const credentials = { username: "alice", password: "token-service-password" };
const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciManifest, config: { mediaType: MediaType.OciConfig, digest: digestOf(Buffer.from("{}")), size: 2 }, layers: [] }));
let server: Server;
let origin: string;
let tokenRequests: TokenRequest[] = [];
let registryLog: string[] = [];
let granted = new Map<string, string[]>();
let tokenLifetime = 300;
let refuseTokens = false;
let realmOverride: string | undefined;

function challenge(res: ServerResponse, scope: string | undefined, error?: string): void {
  const realm = realmOverride ?? `${origin}/token`;
  res.writeHead(401, {
    "www-authenticate": `Bearer realm="${realm}",service="fake-registry"${scope ? `,scope="${scope}"` : ""}${error ? `,error="${error}"` : ""}`,
    "content-type": "application/json",
  });
  res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", origin);
  if (url.pathname === "/token") {
    tokenRequests.push({ scopes: url.searchParams.getAll("scope"), service: url.searchParams.get("service"), authorization: req.headers.authorization });
    const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    if (refuseTokens || (req.headers.authorization && req.headers.authorization !== expected)) {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end('{"details":"bad credentials"}');
    }
    const token = `tok-${tokenRequests.length}`;
    granted.set(token, url.searchParams.getAll("scope"));
    res.writeHead(200, { "content-type": "application/json" });
    return void res.end(JSON.stringify({ access_token: token, expires_in: tokenLifetime }));
  }
  const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
  registryLog.push(`${req.method} ${url.pathname} ${req.headers.authorization ? "auth" : "anon"}`);
  // The version check answers like distribution: the challenge, with no scope.
  if (url.pathname === "/v2/") return challenge(res, undefined);
  if (!match) return void res.writeHead(404).end();
  const [, name] = match;
  // `strict/…` repositories want push rights even for reads, which only the challenge can tell.
  const needed = req.method === "PUT" || name!.startsWith("strict/") ? "pull,push" : "pull";
  const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
  const scopes = granted.get(token);
  if (!scopes) return challenge(res, `repository:${name}:${needed}`);
  const ok = scopes.some((s) => s.startsWith(`repository:${name}:`) && needed.split(",").every((a) => s.split(":").at(-1)!.split(",").includes(a)));
  if (!ok) return challenge(res, `repository:${name}:${needed}`, "insufficient_scope");
  if (req.method === "PUT") {
    req.resume();
    res.writeHead(201, { "docker-content-digest": digestOf(manifest) });
    return void res.end();
  }
  res.writeHead(200, { "content-type": MediaType.OciManifest, "docker-content-digest": digestOf(manifest), "content-length": manifest.length });
  res.end(req.method === "HEAD" ? undefined : manifest);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  tokenRequests = [];
  registryLog = [];
  granted = new Map();
  tokenLifetime = 300;
  refuseTokens = false;
  realmOverride = undefined;
});

describe("Bearer token authentication", () => {
  it("probes /v2/ for the scheme, then sends its first request with a token for the repository's pull scope, fetched with basic credentials", async () => {
    const client = new RegistryClient({ registry: origin, credentials });
    const got = await client.getManifest("team/app", "v1");
    expect(got.digest).toBe(digestOf(manifest));
    expect(tokenRequests).toEqual([
      { scopes: ["repository:team/app:pull"], service: "fake-registry", authorization: `Basic ${Buffer.from("alice:token-service-password").toString("base64")}` },
    ]);
    expect(registryLog).toEqual(["GET /v2/ anon", "GET /v2/team/app/manifests/v1 auth"]);
    expect(client.tally["auth.token"]).toBe(1);
    await client.close();
  });

  it("reuses a cached token, and asks for other repositories' tokens up front once the scheme is known", async () => {
    const client = new RegistryClient({ registry: origin, credentials });
    await client.headManifest("team/app", "v1");
    await client.headManifest("team/app", "v2");
    await client.headManifest("team/other", "v1");
    expect(tokenRequests.map((t) => t.scopes)).toEqual([["repository:team/app:pull"], ["repository:team/other:pull"]]);
    // Only the probe went without a token; no request met a 401.
    expect(registryLog.filter((l) => l.endsWith("anon"))).toEqual(["GET /v2/ anon"]);
    await client.close();
  });

  it("asks for pull,push when writing, and shares one token fetch among parallel requests", async () => {
    const client = new RegistryClient({ registry: origin, credentials });
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.headManifest("team/par", `t${i}`)));
    expect(tokenRequests).toHaveLength(1);
    await client.putManifest("team/par", "v1", manifest, MediaType.OciManifest);
    expect(tokenRequests.map((t) => t.scopes)).toEqual([["repository:team/par:pull"], ["repository:team/par:pull,push"]]);
    await client.close();
  });

  it("asks for the extra scopes a call names up front, so a read-then-write needs one token", async () => {
    const client = new RegistryClient({ registry: origin, credentials });
    const push = { scopes: ["repository:team/both:pull,push"] };
    await client.headManifest("team/both", "v1", push);
    await client.putManifest("team/both", "v1", manifest, MediaType.OciManifest, push);
    expect(tokenRequests.map((t) => t.scopes)).toEqual([["repository:team/both:pull,push"]]);
    await client.close();
  });

  it("widens its token to the scope a challenge names, even beyond what the request itself needs", async () => {
    const client = new RegistryClient({ registry: origin, credentials });
    await client.headManifest("team/app", "v1");
    await client.headManifest("strict/app", "v1");
    await client.headManifest("strict/app", "v2");
    expect(tokenRequests.map((t) => t.scopes)).toEqual([["repository:team/app:pull"], ["repository:strict/app:pull"], ["repository:strict/app:pull,push"]]);
    expect(registryLog.filter((l) => l.includes("strict"))).toEqual([
      "HEAD /v2/strict/app/manifests/v1 auth",
      "HEAD /v2/strict/app/manifests/v1 auth",
      "HEAD /v2/strict/app/manifests/v2 auth",
    ]);
    await client.close();
  });

  it("fetches a new token once the cached one is about to expire", async () => {
    let now = 1_000_000;
    tokenLifetime = 60;
    const client = new RegistryClient({ registry: origin, credentials, now: () => now });
    await client.headManifest("team/app", "v1");
    now += 30_000;
    await client.headManifest("team/app", "v1");
    expect(tokenRequests).toHaveLength(1);
    now += 30_000;
    await client.headManifest("team/app", "v1");
    expect(tokenRequests).toHaveLength(2);
    await client.close();
  });

  it("requests anonymous tokens when it has no credentials", async () => {
    const client = new RegistryClient({ registry: origin });
    await client.headManifest("public/app", "v1");
    expect(tokenRequests).toEqual([{ scopes: ["repository:public/app:pull"], service: "fake-registry", authorization: undefined }]);
    await client.close();
  });

  it("reports a refused token request as a 401 RegistryError that does not show the password", async () => {
    refuseTokens = true;
    const client = new RegistryClient({ registry: origin, credentials });
    const failure = await client.headManifest("team/app", "v1").catch((err: unknown) => err);
    await client.close();
    expect(RegistryError.isRegistryError(failure)).toBe(true);
    expect((failure as RegistryError).status).toBe(401);
    expect((failure as Error).message).toContain("/token");
    expect((failure as Error).message).not.toContain(credentials.password);
  });

  it("does not send credentials in the clear to a token realm on another host", async () => {
    realmOverride = "http://auth.invalid/token";
    const client = new RegistryClient({ registry: origin, credentials });
    const failure = await client.headManifest("team/app", "v1").catch((err: unknown) => err);
    await client.close();
    expect((failure as Error).message).toMatch(/insecure token realm/);
    expect(tokenRequests).toEqual([]);
  });
});
