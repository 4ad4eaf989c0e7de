import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MediaType, RegistryClient, RegistryError, digestOf } from "../../../sdk/oci";

/**
 * Registry behaviours docker-registry 2.8 does not have (tag pages, the referrers API) or that
 * must be provoked (throttling, resets), scripted on a loopback server.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;
let server: Server;
let origin: string;
let handler: Handler;
let seen: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", origin);
    seen.push(`${req.method} ${url.pathname}${url.search}`);
    handler(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

function client(sleeps: number[] = []): RegistryClient {
  return new RegistryClient({ registry: origin, retry: { maxAttempts: 3, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 } });
}

describe("RegistryClient wire behaviour", () => {
  it("follows Link pages of the tag list, sending n and last", async () => {
    const all = ["a", "b", "c", "d", "e"];
    handler = (_req, res, url) => {
      const n = Number(url.searchParams.get("n"));
      const start = url.searchParams.has("last") ? all.indexOf(url.searchParams.get("last")!) + 1 : 0;
      const page = all.slice(start, start + n);
      const more = start + n < all.length;
      json(res, 200, { name: "r", tags: page }, more ? { link: `</v2/r/tags/list?n=${n}&last=${page.at(-1)}>; rel="next"` } : {});
    };
    const c = client();
    expect(await c.listTags("r", { pageSize: 2 })).toEqual(all);
    expect(seen).toEqual(["GET /v2/r/tags/list?n=2", "GET /v2/r/tags/list?n=2&last=b", "GET /v2/r/tags/list?n=2&last=d"]);
    await c.close();
  });

  it("stops paging when a registry keeps answering the same page", async () => {
    handler = (_req, res) => json(res, 200, { tags: ["x", "y"] }, { link: '</v2/r/tags/list?n=2&last=y>; rel="next"' });
    const c = client();
    expect(await c.listTags("r", { pageSize: 2 })).toEqual(["x", "y"]);
    expect(seen).toHaveLength(2);
    await c.close();
  });

  it("reads the referrers API and filters by artifact type itself when the registry did not", async () => {
    const subject = digestOf(Buffer.from("subject"));
    const entry = (artifactType: string, n: number) => ({ mediaType: MediaType.OciManifest, digest: digestOf(Buffer.from(`${artifactType}${n}`)), size: 10, artifactType });
    handler = (_req, res) => json(res, 200, { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [entry("sbom", 1), entry("sig", 2), entry("sbom", 3)] });
    const c = client();
    expect((await c.referrers("r", subject)).map((d) => d.artifactType)).toEqual(["sbom", "sig", "sbom"]);
    expect((await c.referrers("r", subject, { artifactType: "sbom" })).map((d) => d.artifactType)).toEqual(["sbom", "sbom"]);
    expect(seen.at(-1)).toBe(`GET /v2/r/referrers/${subject}?artifactType=sbom`);
    await c.close();
  });

  it("retries a throttled read after the Retry-After delay the registry asked for", async () => {
    let calls = 0;
    handler = (_req, res) => {
      if (++calls === 1) return json(res, 429, { errors: [{ code: "TOOMANYREQUESTS", message: "slow down" }] }, { "retry-after": "2" });
      json(res, 200, { tags: ["ok"] });
    };
    const sleeps: number[] = [];
    const c = client(sleeps);
    expect(await c.listTags("r")).toEqual(["ok"]);
    expect(sleeps).toEqual([2000]);
    expect(c.tally["tags.list"]).toBe(2);
    await c.close();
  });

  it("retries 5xx answers with jittered backoff and then reports the last error with its codes", async () => {
    handler = (_req, res) => json(res, 503, { errors: [{ code: "UNAVAILABLE", message: "maintenance" }] });
    const sleeps: number[] = [];
    const c = client(sleeps);
    const failure = await c.listTags("r").catch((err: unknown) => err);
    expect(RegistryError.isRegistryError(failure, "UNAVAILABLE")).toBe(true);
    expect(seen).toHaveLength(3);
    // random() = 0.5 of a ceiling that doubles: 250·0.5, then 500·0.5.
    expect(sleeps).toEqual([125, 250]);
    await c.close();
  });

  it("retries a read whose connection was reset", async () => {
    let calls = 0;
    handler = (req, res) => {
      if (++calls === 1) return void req.socket.destroy();
      json(res, 200, { tags: ["after-reset"] });
    };
    const c = client();
    expect(await c.listTags("r")).toEqual(["after-reset"]);
    expect(calls).toBe(2);
    await c.close();
  });

  it("does not retry a client error, and masks the signed upload state in error URLs", async () => {
    handler = (req, res, url) => {
      if (req.method === "POST") {
        res.writeHead(202, { location: `/v2/r/blobs/uploads/abc?_state=SECRETSTATE&x=1` });
        return void res.end();
      }
      req.resume();
      json(res, 400, { errors: [{ code: "DIGEST_INVALID", message: `bad digest for ${url.search}` }] });
    };
    const c = client();
    const failure = await c.pushBlob("r", Buffer.from("content")).catch((err: unknown) => err);
    expect(RegistryError.isRegistryError(failure, "DIGEST_INVALID")).toBe(true);
    expect(seen.filter((s) => s.startsWith("PUT"))).toHaveLength(1);
    const url = (failure as RegistryError).url;
    expect(url).toContain("_state=[redacted]");
    expect(url).toContain(`digest=${encodeURIComponent(digestOf(Buffer.from("content")))}`);
    expect(url).not.toContain("SECRETSTATE");
    // The failed session is cancelled.
    expect(seen.at(-1)).toMatch(/^DELETE \/v2\/r\/blobs\/uploads\/abc/);
    await c.close();
  });

  it("refuses a manifest whose bytes do not match the digest asked for", async () => {
    const real = Buffer.from('{"schemaVersion":2,"manifests":[]}');
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": MediaType.OciIndex });
      res.end(real);
    };
    const c = client();
    const wanted = digestOf(Buffer.from("something else"));
    await expect(c.getManifest("r", wanted)).rejects.toMatchObject({ kind: "DigestMismatchError", expectedDigest: wanted, actualDigest: digestOf(real) });
    await c.close();
  });
});
