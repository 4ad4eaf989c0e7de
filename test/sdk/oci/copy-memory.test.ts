import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaType, RegistryClient, copyImage, digestOf } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { clientFor, seededStream } from "./fixtures";

const LAYER_BYTES = 100 * 1024 * 1024;
let src: TestRegistry;
let dst: TestRegistry;
let from: RegistryClient;
let to: RegistryClient;
let layerDigest: string;
let manifestDigest: string;

/** Hashes the seeded stream without keeping it: the layer never sits in memory, even here. */
async function streamDigest(seed: string, size: number): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of seededStream(seed, size)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

beforeAll(async () => {
  [src, dst] = await Promise.all([startRegistry(), startRegistry()]);
  from = clientFor(src.url);
  to = clientFor(dst.url);
  layerDigest = await streamDigest("memory/layer", LAYER_BYTES);
  await from.uploadBlob("big/app", layerDigest, seededStream("memory/layer", LAYER_BYTES), LAYER_BYTES);
  const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
  await from.pushBlob("big/app", config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, digest: digestOf(config), size: config.length },
      layers: [{ mediaType: MediaType.OciLayerGzip, digest: layerDigest, size: LAYER_BYTES }],
    }),
  );
  manifestDigest = await from.putManifest("big/app", "v1", manifest, MediaType.OciManifest);
}, 120_000);
afterAll(async () => {
  await Promise.all([from?.close(), to?.close()]);
  await Promise.all([src?.close(), dst?.close()]);
});

describe("copying a large layer", () => {
  it("streams a 100 MiB layer with memory growing far less than the layer", async () => {
    // Two measures: the JavaScript heap plus Buffers (what a buffered layer would fill, exactly) and
    // resident memory (what users see, which also counts what the allocator keeps after freeing, and
    // the two registries serving this copy in the same process, so it wanders by several MiB).
    const held = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const beforeRss = process.memoryUsage().rss;
    const beforeHeld = held();
    let peakRss = beforeRss;
    let peakHeld = beforeHeld;
    const sample = () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      peakHeld = Math.max(peakHeld, held());
    };
    const sampler = setInterval(sample, 10);
    let report;
    try {
      report = await copyImage({
        source: { client: from, repository: "big/app" },
        target: { client: to, repository: "big/app" },
        tags: ["v1"],
        onProgress: sample,
      });
    } finally {
      clearInterval(sampler);
    }
    sample();
    expect(report.bytesMoved).toBeGreaterThanOrEqual(LAYER_BYTES);
    expect(await to.headBlob("big/app", layerDigest)).toEqual({ size: LAYER_BYTES });
    expect((await to.headManifest("big/app", "v1"))?.digest).toBe(manifestDigest);
    // Buffering the layer would cost at least 100 MiB in both; streaming costs a few chunks.
    expect(peakHeld - beforeHeld).toBeLessThan(40 * 1024 * 1024);
    expect(peakRss - beforeRss).toBeLessThan(LAYER_BYTES / 2);
  }, 120_000);
});
