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
  it("streams a 100 MiB layer with resident memory growing far less than the layer", async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    let report;
    try {
      report = await copyImage({
        source: { client: from, repository: "big/app" },
        target: { client: to, repository: "big/app" },
        tags: ["v1"],
        onProgress: () => {
          peak = Math.max(peak, process.memoryUsage().rss);
        },
      });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(report.bytesMoved).toBeGreaterThanOrEqual(LAYER_BYTES);
    expect(await to.headBlob("big/app", layerDigest)).toEqual({ size: LAYER_BYTES });
    expect((await to.headManifest("big/app", "v1"))?.digest).toBe(manifestDigest);
    // Generous: buffering the layer would cost at least 100 MiB; streaming costs a few chunks.
    expect(peak - before).toBeLessThan(40 * 1024 * 1024);
  }, 120_000);
});
