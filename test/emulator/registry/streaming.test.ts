import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { INSTANCE, startHarness } from "./harness";

const CHUNK = 1024 * 1024;
const CHUNKS = 128;
const pattern = randomBytes(CHUNK);

/** 128 MiB that differ per chunk, generated as they are read. */
function* content(): Generator<Buffer> {
  for (let i = 0; i < CHUNKS; i++) {
    const chunk = Buffer.from(pattern);
    chunk.writeUInt32BE(i, 0);
    yield chunk;
  }
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("registry storage with a state directory", () => {
  it("streams a 128 MiB blob to disk and back without holding it in memory", async () => {
    const hash = createHash("sha256");
    for (const chunk of content()) hash.update(chunk);
    const digest = `sha256:${hash.digest("hex")}`;
    const size = CHUNK * CHUNKS;

    const stateDir = await mkdtemp(join(tmpdir(), "registry-stream-"));
    dirs.push(stateDir);
    const h = await startHarness({ stateDir });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      const client = h.client(h.owner);
      await client.uploadBlob("auto/big", digest, Readable.from(content()), size);
      expect((await stat(join(stateDir, "registry", INSTANCE, "blobs", "sha256", digest.slice(7)))).size).toBe(size);

      const back = createHash("sha256");
      let received = 0;
      const blob = await client.getBlob("auto/big", digest);
      for await (const chunk of blob.body) {
        back.update(chunk as Buffer);
        received += (chunk as Buffer).length;
      }
      expect(received).toBe(size);
      expect(`sha256:${back.digest("hex")}`).toBe(digest);
      // Client and registry share this process: holding the blob anywhere would add ≥ 128 MiB.
      expect(peak - baseline).toBeLessThan(80 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
      await h.close();
    }
  }, 120_000);
});
