import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DigestMismatchError, RegistryClient, RegistryError, copyImage, digestOf } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { startFaultyProxy, type Fault, type FaultyProxy } from "./faulty-proxy";
import { clientFor, makeImage, pushImage } from "./fixtures";

let src: TestRegistry;
let dst: TestRegistry;
let proxy: FaultyProxy;
let to: RegistryClient;
/** What the proxy does to the next requests; each test sets it. */
let rule: (req: IncomingMessage) => Fault | undefined = () => undefined;
const image = makeImage("failures/app", [64 * 1024, 200 * 1024]);
const bigLayer = digestOf(image.layers[1]!);

beforeAll(async () => {
  [src, dst] = await Promise.all([startRegistry(), startRegistry()]);
  const seed = clientFor(src.url);
  await pushImage(seed, "src/app", image, "v1");
  await seed.close();
  proxy = await startFaultyProxy(src.url, (req) => rule(req));
  to = clientFor(dst.url);
});
afterAll(async () => {
  await to?.close();
  await proxy?.close();
  await Promise.all([src?.close(), dst?.close()]);
});

/** A fault for the first `times` GETs of the big layer's blob, then clean answers. */
function onBlobGet(fault: Fault, times: number): (req: IncomingMessage) => Fault | undefined {
  let left = times;
  return (req) => (req.method === "GET" && req.url?.endsWith(`/blobs/${bigLayer}`) && left-- > 0 ? fault : undefined);
}

async function copyThroughProxy(repository: string, extra: { retry?: { maxAttempts: number } } = {}) {
  // Long enough a cap that a registry's Retry-After is honoured as sent.
  const from = clientFor(proxy.url, { retry: { baseDelayMs: 5, maxDelayMs: 5_000 } });
  try {
    return await copyImage({ source: { client: from, repository: "src/app" }, target: { client: to, repository }, tags: ["v1"], retry: { baseDelayMs: 5, ...extra.retry } });
  } finally {
    await from.close();
  }
}

describe("copyImage when things go wrong", () => {
  it("fails on a corrupted blob, and neither the blob nor the tag exists on the target afterwards", async () => {
    rule = onBlobGet({ kind: "flip" }, Number.POSITIVE_INFINITY);
    const failure = await copyThroughProxy("corrupt/app").catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DigestMismatchError);
    expect((failure as DigestMismatchError).expectedDigest).toBe(bigLayer);
    expect(await to.headManifest("corrupt/app", "v1")).toBeUndefined();
    expect(await to.headBlob("corrupt/app", bigLayer)).toBeUndefined();
  });

  it("retries a blob the source answered with 503, then completes", async () => {
    rule = onBlobGet({ kind: "status", status: 503 }, 2);
    const report = await copyThroughProxy("retry503/app");
    expect(report.requests.source["blob.get"]).toBe(2 + 3);
    expect((await to.headManifest("retry503/app", "v1"))?.digest).toBe(image.digest);
  });

  it("waits as a 429's Retry-After asks, then completes", async () => {
    rule = onBlobGet({ kind: "status", status: 429, headers: { "retry-after": "0.2" } }, 1);
    const started = Date.now();
    await copyThroughProxy("retry429/app");
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect((await to.headManifest("retry429/app", "v1"))?.digest).toBe(image.digest);
  });

  it("restarts a blob whose source connection broke halfway", async () => {
    rule = onBlobGet({ kind: "reset" }, 1);
    const report = await copyThroughProxy("reset/app");
    expect(report.blobs.copied).toBe(3);
    expect((await to.headManifest("reset/app", "v1"))?.digest).toBe(image.digest);
    expect(await to.headBlob("reset/app", bigLayer)).toEqual({ size: 200 * 1024 });
  });

  it("blames the source, not the target, when the source's blob body breaks off on every attempt", async () => {
    rule = onBlobGet({ kind: "reset" }, Number.POSITIVE_INFINITY);
    const failure = await copyThroughProxy("source-broke/app", { retry: { maxAttempts: 2 } }).catch((err: unknown) => err);
    expect(RegistryError.isRegistryError(failure)).toBe(true);
    expect((failure as RegistryError).method).toBe("GET");
    expect((failure as RegistryError).url).toBe(`${proxy.url}/v2/src/app/blobs/${bigLayer}`);
    expect((failure as RegistryError).message).toContain("the source's blob body broke off");
    expect(await to.headManifest("source-broke/app", "v1")).toBeUndefined();
  });

  it("gives up after the configured attempts with the registry's error", async () => {
    rule = onBlobGet({ kind: "status", status: 503 }, Number.POSITIVE_INFINITY);
    const failure = await copyThroughProxy("giveup/app", { retry: { maxAttempts: 2 } }).catch((err: unknown) => err);
    expect(RegistryError.isRegistryError(failure)).toBe(true);
    expect((failure as RegistryError).status).toBe(503);
    expect((failure as RegistryError).codes).toEqual(["UNAVAILABLE"]);
    expect(await to.headManifest("giveup/app", "v1")).toBeUndefined();
  });

  it("stops when the caller aborts and writes no manifest", async () => {
    rule = () => undefined;
    const controller = new AbortController();
    const from = clientFor(proxy.url);
    const running = copyImage({
      source: { client: from, repository: "src/app" },
      target: { client: to, repository: "abort/app" },
      tags: ["v1"],
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === "blob-bytes") controller.abort();
      },
    });
    const failure = await running.catch((err: unknown) => err);
    await from.close();
    expect((failure as Error).name).toBe("AbortError");
    expect(await to.headManifest("abort/app", "v1")).toBeUndefined();
  });
});
