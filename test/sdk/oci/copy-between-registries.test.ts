import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaType, NoMatchingPlatformError, RegistryClient, RegistryError, copyImage, copyReference, digestOf, parseManifest, type CopyProgress } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { clientFor, makeImage, makeIndex, pushImage, pushIndex, skopeoInspect, skopeoRaw, type TestImage, type TestIndex } from "./fixtures";

let src: TestRegistry;
let dst: TestRegistry;
let from: RegistryClient;
let to: RegistryClient;
const images: Record<string, TestImage> = {};
let multi: TestIndex;
let triple: TestIndex;

beforeAll(async () => {
  [src, dst] = await Promise.all([startRegistry(), startRegistry()]);
  from = clientFor(src.url);
  to = clientFor(dst.url);
  for (const tag of ["v1", "v2", "v3-rc"]) {
    images[tag] = makeImage(`copy/${tag}`);
    await pushImage(from, "src/app", images[tag]!, tag);
  }
  multi = makeIndex("copy/multi", [
    { os: "linux", architecture: "amd64" },
    { os: "linux", architecture: "arm64", variant: "v8" },
  ]);
  await pushIndex(from, "src/app", multi, "multi");
  triple = makeIndex("copy/triple", [
    { os: "linux", architecture: "amd64" },
    { os: "linux", architecture: "arm64", variant: "v8" },
    { os: "linux", architecture: "s390x" },
  ]);
  await pushIndex(from, "src/app", triple, "triple");
});
afterAll(async () => {
  await Promise.all([from?.close(), to?.close()]);
  await Promise.all([src?.close(), dst?.close()]);
});

const source = () => ({ client: from, repository: "src/app" });

async function expectSameManifest(repository: string, reference: string, expected: Buffer): Promise<void> {
  const got = await to.getManifest(repository, reference);
  expect(got.bytes.equals(expected)).toBe(true);
  // skopeo (containers/image) reading the target is the independent oracle.
  expect((await skopeoRaw(dst.host, `${repository}${reference.includes(":") ? "@" : ":"}${reference}`)).equals(expected)).toBe(true);
}

describe("copyImage between two docker-registry instances", () => {
  it("copies a single tag with identical manifest bytes and every blob", async () => {
    const report = await copyImage({ source: source(), target: { client: to, repository: "one/app" }, tags: ["v1"] });
    const image = images.v1!;
    expect(report.references).toEqual([{ source: "v1", target: "v1", digest: image.digest, status: "copied" }]);
    expect(report.blobs).toEqual({ copied: 3, skipped: 0, mounted: 0 });
    expect(report.bytesMoved).toBe([image.config, ...image.layers].reduce((n, b) => n + b.length, 0));
    await expectSameManifest("one/app", "v1", image.manifest);
    for (const blob of image.layers) expect(await to.headBlob("one/app", digestOf(blob))).toEqual({ size: blob.length });
    const seen = await skopeoInspect(dst.host, "one/app:v1");
    expect(seen.Digest).toBe(image.digest);
    expect(seen.Layers).toEqual(image.layers.map((l) => digestOf(l)));
  });

  it("uploads in PATCH chunks when asked, with the same result", async () => {
    const image = images["v3-rc"]!;
    const report = await copyImage({ source: source(), target: { client: to, repository: "chunks/app" }, tags: ["v3-rc"], chunkBytes: 1024 });
    const expected = [image.config, ...image.layers].reduce((n, b) => n + Math.ceil(b.length / 1024), 0);
    expect(report.requests.target["upload.patch"]).toBe(expected);
    await expectSameManifest("chunks/app", "v3-rc", image.manifest);
  });

  it("copies all tags, including indexes, keeping each tag's digest", async () => {
    const report = await copyImage({ source: source(), target: { client: to, repository: "all/app" }, tags: "all" });
    expect(report.references.map((r) => r.target).sort()).toEqual(["multi", "triple", "v1", "v2", "v3-rc"]);
    expect((await to.listTags("all/app")).sort()).toEqual(["multi", "triple", "v1", "v2", "v3-rc"]);
    for (const tag of ["v1", "v2", "v3-rc"]) expect((await to.headManifest("all/app", tag))?.digest).toBe(images[tag]!.digest);
    expect((await to.headManifest("all/app", "multi"))?.digest).toBe(multi.digest);
  });

  it("copies only the tags a pattern selects", async () => {
    const report = await copyImage({ source: source(), target: { client: to, repository: "regex/app" }, tags: /^v\d+$/ });
    expect(report.references.map((r) => r.target)).toEqual(["v1", "v2"]);
    expect((await to.listTags("regex/app")).sort()).toEqual(["v1", "v2"]);
  });

  it("copies a single manifest by digest without creating a tag", async () => {
    const image = images.v2!;
    const report = await copyImage({ source: source(), target: { client: to, repository: "digest/app" }, digest: image.digest });
    expect(report.references).toEqual([{ source: image.digest, target: image.digest, digest: image.digest, status: "copied" }]);
    await expectSameManifest("digest/app", image.digest, image.manifest);
    // distribution calls a repository without tags unknown to its tag list.
    const tags = await to.listTags("digest/app").catch((err: unknown) => (RegistryError.isRegistryError(err, "NAME_UNKNOWN") ? [] : Promise.reject(err)));
    expect(tags).toEqual([]);
  });

  it("copies a whole multi-arch index: children first, then the index under the tag, digests preserved", async () => {
    const events: CopyProgress[] = [];
    const report = await copyImage({
      source: source(),
      target: { client: to, repository: "multi/app" },
      tags: ["multi"],
      onProgress: (e) => void (e.phase === "manifest-put" || e.phase === "blob-done" ? events.push(e) : undefined),
    });
    // Each child's blobs land before the child's manifest, and the index goes last, under the tag.
    const at = (phase: string, key: string) => events.findIndex((e) => e.phase === phase && (e.reference ?? e.digest) === key);
    for (const child of multi.images) {
      const put = at("manifest-put", child.digest);
      expect(put).toBeGreaterThan(-1);
      for (const blob of [child.config, ...child.layers]) expect(at("blob-done", digestOf(blob))).toBeLessThan(put);
    }
    expect(events.at(-1)).toMatchObject({ phase: "manifest-put", reference: "multi", digest: multi.digest });
    expect(events.at(-1)).toMatchObject({ bytesDone: events.at(-1)!.bytesTotal });
    // Two children and the index; the layer shared by both platforms moves once.
    expect(report.manifests.copied).toBe(3);
    expect(report.blobs.copied).toBe(2 * 4 - 1);
    await expectSameManifest("multi/app", "multi", multi.manifest);
    for (const child of multi.images) await expectSameManifest("multi/app", child.digest, child.manifest);
    // skopeo resolves the index to the host's platform (amd64 here) and reads that image's config.
    const seen = await skopeoInspect(dst.host, "multi/app:multi");
    expect(seen.Digest).toBe(multi.digest);
    expect(seen.Architecture).toBe("amd64");
    expect(seen.Layers).toEqual(multi.images[0]!.layers.map((l) => digestOf(l)));
  });

  it("with one platform asked for, puts that platform's own manifest under the tag", async () => {
    const arm = multi.images[1]!;
    const report = await copyReference({
      source: { ...source(), reference: "multi" },
      target: { client: to, repository: "arm/app" },
      platforms: ["linux/arm64"],
    });
    expect(report.references[0]).toMatchObject({ target: "multi", digest: arm.digest, status: "copied" });
    await expectSameManifest("arm/app", "multi", arm.manifest);
    const amdOnly = multi.images[0]!.layers.filter((l) => !arm.layers.some((a) => a.equals(l)));
    for (const layer of amdOnly) expect(await to.headBlob("arm/app", digestOf(layer))).toBeUndefined();
  });

  it("with a platform filter on a digest copy, writes the chosen manifest under its own digest", async () => {
    const arm = multi.images[1]!;
    const report = await copyImage({ source: source(), target: { client: to, repository: "armdigest/app" }, digest: multi.digest, platforms: ["linux/arm64/v8"] });
    expect(report.references).toEqual([{ source: multi.digest, target: arm.digest, digest: arm.digest, status: "copied" }]);
    await expectSameManifest("armdigest/app", arm.digest, arm.manifest);
    expect(await to.headManifest("armdigest/app", multi.digest)).toBeUndefined();
  });

  it("with several but not all platforms, writes a smaller index that says it was rewritten", async () => {
    const report = await copyImage({
      source: source(),
      target: { client: to, repository: "two/app" },
      tags: ["triple"],
      platforms: ["linux/amd64", "linux/s390x"],
    });
    const ref = report.references[0]!;
    expect(ref.rewritten).toBe(true);
    expect(ref.digest).not.toBe(triple.digest);
    const written = await to.getManifest("two/app", "triple");
    expect(written.mediaType).toBe(MediaType.OciIndex);
    const parsed = parseManifest(written.bytes, written.mediaType);
    expect(parsed.kind === "index" && parsed.manifests.map((m) => m.digest)).toEqual([triple.images[0]!.digest, triple.images[2]!.digest]);
    expect(await to.headManifest("two/app", triple.images[1]!.digest)).toBeUndefined();
  });

  it("refuses a platform filter that matches nothing, before writing anything", async () => {
    const failure = await copyImage({ source: source(), target: { client: to, repository: "none/app" }, tags: ["multi"], platforms: ["windows/amd64"] }).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(NoMatchingPlatformError);
    expect(await to.headManifest("none/app", "multi")).toBeUndefined();
  });
});
