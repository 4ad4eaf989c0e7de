import { readdir, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { Readable } from "node:stream";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { randomImage } from "../../support/oci-layout";
import { InstanceRegistry, UPLOAD_IDLE_MS } from "../../../emulator/registry/instance-registry";
import { INSTANCE, pushImage, startHarness } from "./harness";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("registry storage", () => {
  it("keeps blobs, manifests and tags across a restart with a state directory, content-addressed on disk", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "registry-state-"));
    dirs.push(stateDir);
    const image = randomImage({ layers: 2 });
    const first = await startHarness({ stateDir });
    try {
      await pushImage(first.client(first.owner), "auto/kept", "v1", image);
    } finally {
      await first.close();
    }
    const stored = await readdir(join(stateDir, "registry", INSTANCE, "blobs", "sha256"));
    for (const blob of [image.manifest, image.config, ...image.layers]) expect(stored).toContain(blob.digest.slice("sha256:".length));
    expect(await readdir(join(stateDir, "registry", INSTANCE, "uploads"))).toEqual([]);

    const second = await startHarness({ stateDir }, false);
    try {
      const client = second.client(second.owner);
      const manifest = await client.getManifest("auto/kept", "v1");
      expect(manifest.bytes.equals(image.manifest.bytes)).toBe(true);
      for (const layer of image.layers) expect(await client.headBlob("auto/kept", layer.digest)).toEqual({ size: layer.size });
      expect(await client.listTags("auto/kept")).toEqual(["v1"]);
    } finally {
      await second.close();
    }
  });

  it("keeps nothing on disk without a state directory, and can be switched off", async () => {
    const off = await startHarness({ registry: false }, false);
    try {
      expect(off.emulator.dataPlane.hostFor(INSTANCE)).toBeUndefined();
      expect(off.emulator.seed.accounts[0]!.instances.every((i) => i.registry === null)).toBe(true);
    } finally {
      await off.close();
    }
  });

  it("drops upload sessions left idle for an hour, and their data with them", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "registry-idle-"));
    dirs.push(stateDir);
    const store = new InstanceRegistry(INSTANCE, stateDir);
    const now = Date.now();
    for (const [id, touched] of [["old", now - UPLOAD_IDLE_MS - 1], ["fresh", now - 1000]] as const) {
      const sink = store.blobs.newUpload(id);
      await sink.append(Readable.from([Buffer.from("partial")]));
      store.uploads.set(id, { id, name: "auto/app", sink, busy: false, touched });
    }
    store.purgeIdleUploads(now);
    expect([...store.uploads.keys()]).toEqual(["fresh"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readdir(join(stateDir, "registry", INSTANCE, "uploads"))).toEqual(["fresh"]);
  });
});
