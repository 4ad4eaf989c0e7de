import { createHash } from "node:crypto";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { randomImage } from "../../support/oci-layout";
import { INSTANCE, pushImage, startHarness, type Harness } from "./harness";

let h: Harness;
let auth: string;
const image = randomImage({ layers: 1, layerBytes: 64 * 1024 });
const layer = image.layers[0]!;
const blobPath = `/v2/auto/faulty/blobs/${layer.digest}`;

beforeAll(async () => {
  h = await startHarness();
  await pushImage(h.client(h.owner), "auto/faulty", "v1", image);
  auth = `Basic ${Buffer.from(`${h.owner.username}:${h.owner.password}`).toString("base64")}`;
});
afterEach(() => h.emulator.admin.setFaults({}));
afterAll(() => h?.close());

const get = (path: string) => request(`http://${h.host}${path}`, { headers: { authorization: auth } });

async function readBody(path: string): Promise<{ status: number; length: number; bytes: Buffer; error?: Error }> {
  const response = await get(path);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
  } catch (error) {
    return { status: response.statusCode, length: Number(response.headers["content-length"]), bytes: Buffer.concat(chunks), error: error as Error };
  }
  return { status: response.statusCode, length: Number(response.headers["content-length"]), bytes: Buffer.concat(chunks) };
}

describe("data-plane fault injection", () => {
  it("adds latency to matching requests only", async () => {
    h.emulator.admin.setFaults({ registry: [{ kind: "latency", latencyMs: 300, method: "GET", path: "/manifests/" }] });
    let started = Date.now();
    const slow = await get("/v2/auto/faulty/manifests/v1");
    await slow.body.dump();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    started = Date.now();
    const fast = await get("/v2/auto/faulty/tags/list");
    await fast.body.dump();
    expect(Date.now() - started).toBeLessThan(250);
  });

  it("answers a 5xx the given number of times, then serves normally", async () => {
    h.emulator.admin.setFaults({ registry: [{ kind: "error", status: 502, path: "/blobs/sha256:", count: 2 }] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await get(blobPath);
      statuses.push(response.statusCode);
      await response.body.dump();
    }
    expect(statuses).toEqual([502, 502, 200]);
  });

  it("resets the connection without answering", async () => {
    h.emulator.admin.setFaults({ registry: [{ kind: "reset", instanceId: INSTANCE, count: 1 }] });
    await expect(get(blobPath)).rejects.toThrow(/socket|closed|reset/i);
    const after = await get(blobPath);
    expect(after.statusCode).toBe(200);
    await after.body.dump();
  });

  it("corrupts a blob body: same length, wrong digest", async () => {
    h.emulator.admin.setFaults({ registry: [{ kind: "corrupt", method: "GET", path: "/blobs/" }] });
    const corrupted = await readBody(blobPath);
    expect(corrupted.status).toBe(200);
    expect(corrupted.bytes.length).toBe(layer.size);
    expect(`sha256:${createHash("sha256").update(corrupted.bytes).digest("hex")}`).not.toBe(layer.digest);
  });

  it("truncates a blob body: the connection ends before the declared length", async () => {
    h.emulator.admin.setFaults({ registry: [{ kind: "truncate", method: "GET", path: "/blobs/" }] });
    const truncated = await readBody(blobPath);
    expect(truncated.length).toBe(layer.size);
    expect(truncated.bytes.length).toBeLessThan(layer.size);
    expect(truncated.error).toBeDefined();
  });

  it("fires a rule with its probability, repeatably for the same seed", async () => {
    const pattern = async () => {
      h.emulator.admin.setFaults({ seed: 7, registry: [{ kind: "error", probability: 0.5, path: "/tags/list" }] });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const response = await get("/v2/auto/faulty/tags/list");
        statuses.push(response.statusCode);
        await response.body.dump();
      }
      return statuses;
    };
    const first = await pattern();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await pattern()).toEqual(first);
  });

  it("takes registry rules through the admin endpoint and rejects a malformed one", async () => {
    const url = `${h.emulator.endpoint}/__emulator/faults`;
    const bad = await request(url, { method: "PUT", body: JSON.stringify({ registry: [{ kind: "explode" }] }) });
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
    const good = await request(url, { method: "PUT", body: JSON.stringify({ registry: [{ kind: "error", status: 500, count: 1 }] }) });
    expect(good.statusCode).toBe(200);
    await good.body.dump();
    const failed = await get("/v2/auto/faulty/tags/list");
    expect(failed.statusCode).toBe(500);
    await failed.body.dump();
  });
});
