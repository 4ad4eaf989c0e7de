import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaType, RegistryClient, RegistryError, digestOf } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { clientFor, makeImage, pushImage, seededBytes, seededStream, skopeoRaw } from "./fixtures";

let registry: TestRegistry;
let client: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry();
  client = clientFor(registry.url);
});
afterAll(async () => {
  await client?.close();
  await registry?.close();
});

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe("RegistryClient against docker-registry 2.8", () => {
  it("pushes a generated image and reads back the same bytes and digests", async () => {
    const image = makeImage("client/roundtrip");
    await pushImage(client, "demo/app", image, "v1");

    const head = await client.headManifest("demo/app", "v1");
    expect(head).toEqual({ digest: image.digest, mediaType: MediaType.OciManifest, size: image.manifest.length });
    const got = await client.getManifest("demo/app", "v1");
    expect(got.bytes.equals(image.manifest)).toBe(true);
    expect(got.digest).toBe(image.digest);
    for (const blob of [image.config, ...image.layers]) {
      const stream = await client.getBlob("demo/app", digestOf(blob));
      expect(stream.status).toBe(200);
      expect((await readAll(stream.body)).equals(blob)).toBe(true);
    }
    // An independent reader of the registry sees the very same manifest bytes.
    expect((await skopeoRaw(registry.host, "demo/app:v1")).equals(image.manifest)).toBe(true);
  });

  it("keeps a Docker schema 2 manifest's media type and bytes", async () => {
    const config = Buffer.from('{"architecture":"arm64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
    await client.pushBlob("demo/docker", config);
    // Odd spacing on purpose: any re-serialisation would change the digest.
    const manifest = Buffer.from(
      `{\n   "schemaVersion": 2, "mediaType": "${MediaType.DockerManifest}",\n   "config": {"mediaType": "${MediaType.DockerConfig}", "size": ${config.length}, "digest": "${digestOf(config)}"},\n   "layers": []\n}`,
    );
    const stored = await client.putManifest("demo/docker", "schema2", manifest, MediaType.DockerManifest);
    const got = await client.getManifest("demo/docker", "schema2");
    expect(got.mediaType).toBe(MediaType.DockerManifest);
    expect(got.bytes.equals(manifest)).toBe(true);
    expect(got.digest).toBe(stored);
  });

  it("reads a byte range of a blob with a 206 answer", async () => {
    const blob = seededBytes("client/range", 10_000);
    const digest = await client.pushBlob("demo/range", blob);
    const part = await client.getBlob("demo/range", digest, { range: { start: 1000, end: 1999 } });
    expect(part.status).toBe(206);
    expect((await readAll(part.body)).equals(blob.subarray(1000, 2000))).toBe(true);
  });

  it("uploads a streamed blob in PATCH chunks and the registry stores the exact content", async () => {
    const size = 300_000;
    const blob = seededBytes("client/chunked", size);
    const digest = digestOf(blob);
    const before = client.tally["upload.patch"] ?? 0;
    await client.uploadBlob("demo/chunked", digest, seededStream("client/chunked", size, 50_000), size, { chunkBytes: 64 * 1024 });
    expect((client.tally["upload.patch"] ?? 0) - before).toBe(Math.ceil(size / (64 * 1024)));
    expect(await client.headBlob("demo/chunked", digest)).toEqual({ size });
    expect((await readAll((await client.getBlob("demo/chunked", digest)).body)).equals(blob)).toBe(true);
  });

  it("mounts a blob across repositories (201) and gets an upload session back for one it lacks (202)", async () => {
    const blob = seededBytes("client/mount", 5000);
    const digest = await client.pushBlob("demo/mount-from", blob);
    expect(await client.mountBlob("demo/mount-to", digest, "demo/mount-from")).toEqual({ mounted: true });
    expect(await client.headBlob("demo/mount-to", digest)).toEqual({ size: 5000 });

    const missing = digestOf(Buffer.from("never pushed"));
    const declined = await client.mountBlob("demo/mount-to", missing, "demo/mount-from");
    expect(declined.mounted).toBe(false);
    if (!declined.mounted) {
      // The session the registry opened is usable for an ordinary upload.
      await client.uploadBlob("demo/mount-to", missing, Buffer.from("never pushed"), 12, { session: declined.session });
      expect(await client.headBlob("demo/mount-to", missing)).toEqual({ size: 12 });
    }
  });

  it("reports absence as undefined on HEAD and as a typed error with OCI codes on GET", async () => {
    expect(await client.headManifest("demo/app", "no-such-tag")).toBeUndefined();
    expect(await client.headBlob("demo/app", digestOf(Buffer.from("nothing")))).toBeUndefined();
    const failure = await client.getManifest("demo/app", "no-such-tag").catch((err: unknown) => err);
    expect(RegistryError.isRegistryError(failure, "MANIFEST_UNKNOWN")).toBe(true);
    expect((failure as RegistryError).status).toBe(404);
    expect((failure as RegistryError).method).toBe("GET");
    expect((failure as Error).message).toContain(`${registry.url}/v2/demo/app/manifests/no-such-tag`);
  });

  it("lists every tag even when asked for small pages", async () => {
    const image = makeImage("client/tags", [100]);
    for (const tag of ["a", "b", "c"]) await pushImage(client, "demo/tags", image, tag);
    expect((await client.listTags("demo/tags", { pageSize: 1 })).sort()).toEqual(["a", "b", "c"]);
  });

  it("finds referrers through the tag schema when the registry has no referrers API", async () => {
    const image = makeImage("client/subject", [10]);
    await pushImage(client, "demo/refs", image, "subject");
    const empty = await client.pushBlob("demo/refs", Buffer.from("{}"));
    const artifact = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        artifactType: "application/vnd.example.sbom",
        config: { mediaType: "application/vnd.oci.empty.v1+json", digest: empty, size: 2 },
        layers: [{ mediaType: "application/vnd.oci.empty.v1+json", digest: empty, size: 2 }],
        subject: { mediaType: image.mediaType, digest: image.digest, size: image.manifest.length },
      }),
    );
    const artifactDigest = await client.putManifest("demo/refs", digestOf(artifact), artifact, MediaType.OciManifest);
    const fallback = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciIndex,
        manifests: [{ mediaType: MediaType.OciManifest, digest: artifactDigest, size: artifact.length, artifactType: "application/vnd.example.sbom" }],
      }),
    );
    await client.putManifest("demo/refs", image.digest.replace(":", "-"), fallback, MediaType.OciIndex);

    const found = await client.referrers("demo/refs", image.digest);
    expect(found.map((d) => d.digest)).toEqual([artifactDigest]);
    expect(await client.referrers("demo/refs", image.digest, { artifactType: "application/other" })).toEqual([]);
    expect(await client.referrers("demo/refs", digestOf(Buffer.from("no subject")))).toEqual([]);
  });

  it("deletes a manifest by digest and a blob", async () => {
    const image = makeImage("client/delete", [64]);
    await pushImage(client, "demo/delete", image, "gone");
    await client.deleteManifest("demo/delete", image.digest);
    expect(await client.headManifest("demo/delete", image.digest)).toBeUndefined();
    const layer = digestOf(image.layers[0]!);
    await client.deleteBlob("demo/delete", layer);
    expect(await client.headBlob("demo/delete", layer)).toBeUndefined();
  });
});
