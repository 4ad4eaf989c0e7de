import { randomBytes } from "node:crypto";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestOf, randomImage, randomIndex } from "../../support/oci-layout";
import { expectRegistryError, INSTANCE, pushImage, pushIndex, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const readAll = async (body: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe("registry push and pull", () => {
  it("pushes an image into an AutoCreateRepo namespace and pulls back the same bytes and digests", async () => {
    const client = h.client(h.owner);
    const image = randomImage({ layers: 3 });
    const digest = await pushImage(client, "auto/app", "v1", image);
    expect(digest).toBe(image.manifest.digest);

    const manifest = await client.getManifest("auto/app", "v1");
    expect(manifest.bytes.equals(image.manifest.bytes)).toBe(true);
    expect(manifest.mediaType).toBe(image.mediaType);
    expect(await client.headManifest("auto/app", image.manifest.digest)).toEqual({ digest, mediaType: image.mediaType, size: image.manifest.size });
    for (const layer of image.layers) {
      const blob = await client.getBlob("auto/app", layer.digest);
      expect((await readAll(blob.body)).equals(layer.bytes)).toBe(true);
    }
  });

  it("creates the repository with the namespace default and shows the tag and digest in ListRepoTag", async () => {
    const client = h.client(h.owner);
    const image = randomImage();
    const digest = await pushImage(client, "auto/listed", "1.0", image);
    const repo = await h.cr.cr.getRepository({ InstanceId: INSTANCE, RepoNamespaceName: "auto", RepoName: "listed" });
    expect(repo.RepoType).toBe("PRIVATE");
    const tags = await h.cr.cr.listRepoTag({ InstanceId: INSTANCE, RepoId: repo.RepoId as string });
    expect(tags.Images).toEqual([expect.objectContaining({ Tag: "1.0", Digest: digest.slice("sha256:".length) })]);
  });

  it("serves a byte range of a blob with 206 and Content-Range", async () => {
    const client = h.client(h.owner);
    const image = randomImage({ layers: 1, layerBytes: 10_000 });
    await pushImage(client, "auto/ranged", "v1", image);
    const layer = image.layers[0]!;
    const part = await client.getBlob("auto/ranged", layer.digest, { range: { start: 100, end: 1099 } });
    expect(part.status).toBe(206);
    expect((await readAll(part.body)).equals(layer.bytes.subarray(100, 1100))).toBe(true);
  });

  it("uploads in PATCH chunks and refuses a chunk that does not continue the upload", async () => {
    const client = h.client(h.owner);
    const bytes = randomBytes(50_000);
    const digest = digestOf(bytes);
    await client.uploadBlob("auto/chunked", digest, bytes, bytes.length, { chunkBytes: 8_192 });
    expect(await client.headBlob("auto/chunked", digest)).toEqual({ size: bytes.length });

    const auth = `Basic ${Buffer.from(`${h.owner.username}:${h.owner.password}`).toString("base64")}`;
    const started = await request(`http://${h.host}/v2/auto/chunked/blobs/uploads/`, { method: "POST", headers: { authorization: auth } });
    expect(started.statusCode).toBe(202);
    await started.body.dump();
    const location = new URL(started.headers.location as string, `http://${h.host}`).toString();
    const first = await request(location, { method: "PATCH", headers: { authorization: auth, "content-range": "0-9", "content-type": "application/octet-stream" }, body: bytes.subarray(0, 10) });
    expect(first.statusCode).toBe(202);
    expect(first.headers.range).toBe("0-9");
    await first.body.dump();
    const skipped = await request(location, { method: "PATCH", headers: { authorization: auth, "content-range": "20-29", "content-type": "application/octet-stream" }, body: bytes.subarray(20, 30) });
    expect(skipped.statusCode).toBe(416);
    await skipped.body.dump();
    const status = await request(location, { method: "GET", headers: { authorization: auth } });
    expect(status.statusCode).toBe(204);
    expect(status.headers.range).toBe("0-9");
    await status.body.dump();
    const wrong = await request(`${location}?digest=${digest}`, { method: "PUT", headers: { authorization: auth } });
    expect(wrong.statusCode).toBe(400);
    expect(((await wrong.body.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe("DIGEST_INVALID");
  });

  it("mounts a blob from another repository without moving its bytes", async () => {
    const client = h.client(h.owner);
    const image = randomImage({ layers: 1 });
    await pushImage(client, "auto/source", "v1", image);
    const result = await client.mountBlob("auto/mounted", image.layers[0]!.digest, "auto/source");
    expect(result.mounted).toBe(true);
    expect(await client.headBlob("auto/mounted", image.layers[0]!.digest)).toEqual({ size: image.layers[0]!.size });
    expect(await client.headBlob("auto/other", image.layers[0]!.digest)).toBeUndefined();
  });

  it("pushes a multi-arch index after its children and refuses one whose child is missing", async () => {
    const client = h.client(h.owner);
    const index = randomIndex(["linux/amd64", "linux/arm64"]);
    const digest = await pushIndex(client, "auto/multi", "v1", index);
    const got = await client.getManifest("auto/multi", "v1");
    expect(got.digest).toBe(digest);
    expect(got.bytes.equals(index.index.bytes)).toBe(true);

    const orphan = randomIndex(["linux/amd64"]);
    await expectRegistryError(client.putManifest("auto/multi", "orphan", orphan.index.bytes, orphan.mediaType), 400, "MANIFEST_BLOB_UNKNOWN");
  });

  it("refuses a manifest whose layer was never pushed", async () => {
    const client = h.client(h.owner);
    const image = randomImage();
    await expectRegistryError(client.putManifest("auto/incomplete", "v1", image.manifest.bytes, image.mediaType), 400, "MANIFEST_BLOB_UNKNOWN");
  });

  it("pages tags with n and last and a Link header", async () => {
    const client = h.client(h.owner);
    const image = randomImage({ layers: 1 });
    for (const tag of ["a", "b", "c", "d", "e"]) await pushImage(client, "auto/paged", tag, image);
    expect(await client.listTags("auto/paged", { pageSize: 2 })).toEqual(["a", "b", "c", "d", "e"]);
    const auth = `Basic ${Buffer.from(`${h.owner.username}:${h.owner.password}`).toString("base64")}`;
    const page = await request(`http://${h.host}/v2/auto/paged/tags/list?n=2&last=b`, { headers: { authorization: auth } });
    expect(await page.body.json()).toEqual({ name: "auto/paged", tags: ["c", "d"] });
    expect(page.headers.link).toBe('</v2/auto/paged/tags/list?n=2&last=d>; rel="next"');
  });

  it("lists referrers of a manifest, filters by artifactType and answers OCI-Subject on the push", async () => {
    const client = h.client(h.owner);
    const image = randomImage({ layers: 1 });
    const subject = await pushImage(client, "auto/signed", "v1", image);
    const subjectDescriptor = { mediaType: image.mediaType, digest: subject, size: image.manifest.size };
    const signature = randomImage({ layers: 1, extra: { artifactType: "application/vnd.example.signature", subject: subjectDescriptor } });
    const sbom = randomImage({ layers: 1, extra: { artifactType: "application/vnd.example.sbom", subject: subjectDescriptor } });
    for (const blob of [signature.config, ...signature.layers, sbom.config, ...sbom.layers]) await client.uploadBlob("auto/signed", blob.digest, blob.bytes, blob.size);
    const auth = `Basic ${Buffer.from(`${h.owner.username}:${h.owner.password}`).toString("base64")}`;
    const put = await request(`http://${h.host}/v2/auto/signed/manifests/${signature.manifest.digest}`, {
      method: "PUT",
      headers: { authorization: auth, "content-type": signature.mediaType },
      body: signature.manifest.bytes,
    });
    expect(put.statusCode).toBe(201);
    expect(put.headers["oci-subject"]).toBe(subject);
    await put.body.dump();
    await client.putManifest("auto/signed", sbom.manifest.digest, sbom.manifest.bytes, sbom.mediaType);

    const all = await client.referrers("auto/signed", subject);
    expect(all.map((d) => d.digest).sort()).toEqual([signature.manifest.digest, sbom.manifest.digest].sort());
    const filtered = await request(`http://${h.host}/v2/auto/signed/referrers/${subject}?artifactType=application/vnd.example.sbom`, { headers: { authorization: auth } });
    expect(filtered.headers["oci-filters-applied"]).toBe("artifactType");
    const body = (await filtered.body.json()) as { manifests: Array<{ digest: string; artifactType: string }> };
    expect(body.manifests).toEqual([expect.objectContaining({ digest: sbom.manifest.digest, artifactType: "application/vnd.example.sbom" })]);
  });

  it("deletes a manifest by digest, removing its tags from the CR state, and a blob from one repository", async () => {
    const client = h.client(h.owner);
    const image = randomImage({ layers: 1 });
    const digest = await pushImage(client, "auto/doomed", "v1", image);
    await client.deleteManifest("auto/doomed", digest);
    await expectRegistryError(client.getManifest("auto/doomed", "v1"), 404, "MANIFEST_UNKNOWN");
    const repo = await h.cr.cr.getRepository({ InstanceId: INSTANCE, RepoNamespaceName: "auto", RepoName: "doomed" });
    expect((await h.cr.cr.listRepoTag({ InstanceId: INSTANCE, RepoId: repo.RepoId as string })).Images).toEqual([]);
    await client.deleteBlob("auto/doomed", image.layers[0]!.digest);
    expect(await client.headBlob("auto/doomed", image.layers[0]!.digest)).toBeUndefined();
  });

  it("answers OCI error bodies: unknown blob, unknown manifest, unknown repository, invalid digest", async () => {
    const auth = `Basic ${Buffer.from(`${h.owner.username}:${h.owner.password}`).toString("base64")}`;
    const missing = `sha256:${"0".repeat(64)}`;
    const cases: Array<[string, number, string]> = [
      [`/v2/auto/app/blobs/${missing}`, 404, "BLOB_UNKNOWN"],
      [`/v2/auto/app/manifests/nope`, 404, "MANIFEST_UNKNOWN"],
      [`/v2/manual/ghost/manifests/v1`, 404, "NAME_UNKNOWN"],
      [`/v2/ghostns/app/tags/list`, 404, "NAME_UNKNOWN"],
      [`/v2/auto/app/blobs/sha256:xyz`, 400, "DIGEST_INVALID"],
    ];
    for (const [path, status, code] of cases) {
      const response = await request(`http://${h.host}${path}`, { headers: { authorization: auth } });
      expect([path, response.statusCode]).toEqual([path, status]);
      const body = (await response.body.json()) as { errors: Array<{ code: string; message: string }> };
      expect(body.errors[0]!.code).toBe(code);
      expect(body.errors[0]!.message.length).toBeGreaterThan(0);
    }
  });

  it("lists the instance's repositories in the catalog, paged, and refuses it anonymously", async () => {
    const auth = `Basic ${Buffer.from(`${h.owner.username}:${h.owner.password}`).toString("base64")}`;
    const all = await request(`http://${h.host}/v2/_catalog`, { headers: { authorization: auth } });
    const names = ((await all.body.json()) as { repositories: string[] }).repositories;
    expect(names).toContain("auto/app");
    expect(names).toEqual([...names].sort());
    const page = await request(`http://${h.host}/v2/_catalog?n=1&last=${encodeURIComponent(names[0]!)}`, { headers: { authorization: auth } });
    expect(await page.body.json()).toEqual({ repositories: [names[1]] });
    expect(page.headers.link).toBe(`</v2/_catalog?n=1&last=${encodeURIComponent(names[1]!)}>; rel="next"`);
    const anonymous = await request(`http://${h.host}/v2/_catalog`);
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });

  it("stores Docker schema2 manifests and manifest lists as pushed, with their media types", async () => {
    const client = h.client(h.owner);
    const image = randomImage({ layers: 1 });
    for (const blob of [image.config, ...image.layers]) await client.uploadBlob("auto/docker", blob.digest, blob.bytes, blob.size);
    const schema2 = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.docker.distribution.manifest.v2+json",
        config: { mediaType: "application/vnd.docker.container.image.v1+json", digest: image.config.digest, size: image.config.size },
        layers: image.layers.map((l) => ({ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", digest: l.digest, size: l.size })),
      }),
    );
    const child = await client.putManifest("auto/docker", digestOf(schema2), schema2, "application/vnd.docker.distribution.manifest.v2+json");
    const list = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.docker.distribution.manifest.list.v2+json",
        manifests: [{ mediaType: "application/vnd.docker.distribution.manifest.v2+json", digest: child, size: schema2.length, platform: { architecture: "amd64", os: "linux" } }],
      }),
    );
    await client.putManifest("auto/docker", "v1", list, "application/vnd.docker.distribution.manifest.list.v2+json");
    const got = await client.getManifest("auto/docker", "v1");
    expect(got.mediaType).toBe("application/vnd.docker.distribution.manifest.list.v2+json");
    expect(got.bytes.equals(list)).toBe(true);
    expect((await client.headManifest("auto/docker", child))?.mediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
  });

  it("reports the registry host through GetInstanceEndpoint", async () => {
    const endpoint = await h.cr.cr.getInstanceEndpoint({ InstanceId: INSTANCE, EndpointType: "internet" });
    expect(endpoint.Domains?.[0]?.Domain).toBe(h.host);
  });
});
