import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient, TagConflictError, copyImage, digestOf, type CopyProgress } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { clientFor, countingDispatcher, makeImage, makeIndex, pushImage, pushIndex, type CountingDispatcher, type TestImage } from "./fixtures";

let src: TestRegistry;
let dst: TestRegistry;
let srcCount: CountingDispatcher;
let dstCount: CountingDispatcher;
let from: RegistryClient;
let to: RegistryClient;
const image1 = makeImage("rerun/1", [4000, 5000, 6000, 7000]);
const image2 = makeImage("rerun/2", [1000]);

beforeAll(async () => {
  [src, dst] = await Promise.all([startRegistry(), startRegistry()]);
  srcCount = countingDispatcher();
  dstCount = countingDispatcher();
  from = clientFor(src.url, { dispatcher: srcCount.dispatcher });
  to = clientFor(dst.url, { dispatcher: dstCount.dispatcher });
  await pushImage(from, "src/app", image1, "v1");
  await pushImage(from, "src/app", image2, "v2");
  await pushIndex(from, "src/app", makeIndex("rerun/multi", [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }]), "multi");
});
afterAll(async () => {
  await Promise.all([from?.close(), to?.close()]);
  await Promise.all([srcCount?.close(), dstCount?.close()]);
  await Promise.all([src?.close(), dst?.close()]);
});

const blobsOf = (image: TestImage) => [image.config, ...image.layers];

describe("copyImage when the target already holds some or all of the content", () => {
  it("re-copying unchanged tags costs one manifest HEAD per tag on the target and no blob traffic", async () => {
    const target = { client: to, repository: "same/app" };
    const tags = ["v1", "v2", "multi"];
    await copyImage({ source: { client: from, repository: "src/app" }, target, tags });
    srcCount.reset();
    dstCount.reset();

    const report = await copyImage({ source: { client: from, repository: "src/app" }, target, tags });
    expect(report.references.map((r) => r.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(dstCount.requests).toEqual(["HEAD manifest", "HEAD manifest", "HEAD manifest"]);
    expect(srcCount.requests).toEqual(["GET manifest", "GET manifest", "GET manifest"]);
    expect(report.bytesMoved).toBe(0);
    expect(report.requests.target).toEqual({ "manifest.head": 3 });
  });

  it("after an interrupted copy, a re-run moves only the blobs that are still missing", async () => {
    const target = { client: to, repository: "resume/app" };
    const controller = new AbortController();
    let done = 0;
    const first = await copyImage({
      source: { client: from, repository: "src/app" },
      target,
      tags: ["v1"],
      concurrency: 1,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === "blob-done" && ++done === 2) controller.abort();
      },
    }).catch((err: unknown) => err);
    expect((first as Error).name).toBe("AbortError");
    expect(await to.headManifest("resume/app", "v1")).toBeUndefined();
    const present: Buffer[] = [];
    for (const blob of blobsOf(image1)) if (await to.headBlob("resume/app", digestOf(blob))) present.push(blob);
    expect(present).toHaveLength(2);

    dstCount.reset();
    const events: CopyProgress[] = [];
    const report = await copyImage({ source: { client: from, repository: "src/app" }, target, tags: ["v1"], onProgress: (e) => void events.push(e) });
    const missing = blobsOf(image1).filter((b) => !present.includes(b));
    expect(report.blobs).toEqual({ copied: missing.length, skipped: present.length, mounted: 0 });
    expect(report.bytesMoved).toBe(missing.reduce((n, b) => n + b.length, 0));
    expect(dstCount.count("PUT upload")).toBe(missing.length);
    expect((await to.headManifest("resume/app", "v1"))?.digest).toBe(image1.digest);
    const total = blobsOf(image1).reduce((n, b) => n + b.length, 0);
    expect(events.at(-1)).toEqual({ phase: "done", bytesDone: total, bytesTotal: total });
  });

  it("with overwrite off, a tag holding other content stops the copy before anything is written", async () => {
    const target = { client: to, repository: "conflict/app" };
    await pushImage(to, "conflict/app", image2, "v1");
    dstCount.reset();
    const failure = await copyImage({ source: { client: from, repository: "src/app" }, target, tags: ["v2", "v1"], overwrite: false }).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(TagConflictError);
    expect((failure as TagConflictError).conflicts).toEqual([{ tag: "v1", sourceDigest: image1.digest, targetDigest: image2.digest }]);
    expect(dstCount.requests.filter((r) => !r.startsWith("HEAD"))).toEqual([]);
    expect((await to.headManifest("conflict/app", "v1"))?.digest).toBe(image2.digest);
    // v2 has the same content as the target's v1 but was not tagged: nothing at all was written.
    expect(await to.headManifest("conflict/app", "v2")).toBeUndefined();
  });

  it("with overwrite on (the default), replaces the tag", async () => {
    const report = await copyImage({ source: { client: from, repository: "src/app" }, target: { client: to, repository: "conflict/app" }, tags: ["v1"] });
    expect(report.references[0]).toMatchObject({ status: "copied", digest: image1.digest });
    expect((await to.headManifest("conflict/app", "v1"))?.digest).toBe(image1.digest);
  });

  it("within one registry, mounts blobs from the source repository instead of moving bytes", async () => {
    srcCount.reset();
    const report = await copyImage({ source: { client: from, repository: "src/app" }, target: { client: from, repository: "mirror/app" }, tags: ["v1"] });
    expect(report.blobs).toEqual({ copied: 0, skipped: 0, mounted: blobsOf(image1).length });
    expect(report.bytesMoved).toBe(0);
    expect(srcCount.count("GET blob")).toBe(0);
    expect((await from.headManifest("mirror/app", "v1"))?.digest).toBe(image1.digest);
  });
});
