/**
 * A migration as ImageSync runs it: one copy per repository and tag, all in one CopySession,
 * from a source registry into a target registry (real `docker-registry` processes, the target
 * behind a proxy that counts what reaches it and can push back with 429).
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopySession, RegistryClient, copyReference, digestOf, type CopyReport } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { startFaultyProxy, type Fault, type FaultyProxy } from "./faulty-proxy";
import { clientFor, imageOf, pushImage, seededBytes, type TestImage } from "./fixtures";

const REPOS = ["alpha", "beta", "gamma"];
const TAGS = ["v1", "v2"];
const base = seededBytes("migration/base", 96 * 1024);
const perRepo = new Map(REPOS.map((r) => [r, seededBytes(`migration/${r}`, 32 * 1024)]));
const images = new Map<string, TestImage>();
for (const repo of REPOS) {
  for (const tag of TAGS) images.set(`${repo}:${tag}`, imageOf([base, perRepo.get(repo)!, seededBytes(`migration/${repo}/${tag}`, 8 * 1024)], { os: "linux", architecture: "amd64", tag: `${repo}:${tag}` }));
}
/** Every distinct blob of the job once: 1 base, 3 per-repository layers, 6 own layers, 6 configs. */
const uniqueBlobs = new Map<string, number>();
for (const image of images.values()) for (const blob of [image.config, ...image.layers]) uniqueBlobs.set(digestOf(blob), blob.length);
const uniqueBytes = [...uniqueBlobs.values()].reduce((a, b) => a + b, 0);

let src: TestRegistry;
let dst: TestRegistry;
let from: RegistryClient;
let proxy: FaultyProxy;
let rule: (inFlight: number) => Fault | undefined = () => undefined;

beforeAll(async () => {
  [src, dst] = await Promise.all([startRegistry(), startRegistry()]);
  from = clientFor(src.url);
  for (const [ref, image] of images) {
    const [repo, tag] = ref.split(":");
    await pushImage(from, `src/${repo}`, image, tag);
  }
  proxy = await startFaultyProxy(dst.url, (_req, inFlight) => rule(inFlight));
});
afterAll(async () => {
  await from?.close();
  await proxy?.close();
  await Promise.all([src?.close(), dst?.close()]);
});

/** Every repository × tag as its own copy, all started at once, as ImageSync's lanes do. */
async function migrate(prefix: string, session: CopySession): Promise<{ reports: CopyReport[]; target: RegistryClient }> {
  const target = clientFor(proxy.url);
  try {
    const jobs = REPOS.flatMap((repo) =>
      TAGS.map((tag) =>
        copyReference({ source: { client: from, repository: `src/${repo}`, reference: tag }, target: { client: target, repository: `${prefix}/${repo}` }, session }),
      ),
    );
    return { reports: await Promise.all(jobs), target };
  } finally {
    await target.close();
  }
}

const sum = (reports: CopyReport[], pick: (r: CopyReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
const seenSince = (mark: number, pattern: RegExp) => proxy.seen.slice(mark).filter((line) => pattern.test(line));

async function expectAllTagsAt(prefix: string): Promise<void> {
  const check = clientFor(dst.url);
  try {
    for (const [ref, image] of images) {
      const [repo, tag] = ref.split(":");
      expect((await check.headManifest(`${prefix}/${repo}`, tag!))?.digest).toBe(image.digest);
    }
  } finally {
    await check.close();
  }
}

describe("a migration of many repositories and tags in one CopySession", () => {
  it("uploads each distinct blob once and mounts shared layers into the other repositories", async () => {
    rule = () => undefined;
    const mark = proxy.seen.length;
    const { reports } = await migrate("once", new CopySession({ concurrency: 4 }));

    expect(uniqueBlobs.size).toBe(16);
    // Bytes: exactly the distinct blobs, once each.
    expect(sum(reports, (r) => r.bytesMoved)).toBe(uniqueBytes);
    expect(sum(reports, (r) => r.blobs.copied)).toBe(16);
    expect(seenSince(mark, /^PUT \/v2\/.*\/blobs\/uploads\//)).toHaveLength(16);
    // The base layer went to one repository and was mounted into the two others.
    const mounts = seenSince(mark, /^POST \/v2\/once\/.*\/blobs\/uploads\/\?mount=/);
    expect(mounts).toHaveLength(2);
    expect(mounts.map((m) => decodeURIComponent(m).match(/mount=(sha256:[0-9a-f]+)/)![1])).toEqual([digestOf(base), digestOf(base)]);
    expect(sum(reports, (r) => r.blobs.mounted)).toBe(2);
    // The second tag of a repository waited for the first and sent nothing for the layers they share.
    expect(sum(reports, (r) => r.blobs.skipped)).toBe(6);
    // One existence check per distinct blob; a mount needs none.
    expect(seenSince(mark, /^HEAD \/v2\/.*\/blobs\//)).toHaveLength(16);
    await expectAllTagsAt("once");
  });

  it("a re-run of the finished migration costs one manifest HEAD per tag and moves no blob bytes", async () => {
    rule = () => undefined;
    await migrate("rerun", new CopySession({ concurrency: 4 }));
    const mark = proxy.seen.length;
    const { reports } = await migrate("rerun", new CopySession({ concurrency: 4 }));
    expect(proxy.seen.slice(mark).map((line) => line.replace(/\/v2\/rerun\/\w+\/manifests\/\w+/, "manifest"))).toEqual(Array(6).fill("HEAD manifest"));
    expect(sum(reports, (r) => r.bytesMoved)).toBe(0);
    expect(reports.flatMap((r) => r.references.map((ref) => ref.status))).toEqual(Array(6).fill("unchanged"));
  });

  it("keeps the target's open requests within the session's bound across all copies", async () => {
    rule = () => undefined;
    const bounded = await startFaultyProxy(dst.url, () => undefined);
    const target = clientFor(bounded.url);
    const session = new CopySession({ concurrency: 3 });
    try {
      await Promise.all(
        REPOS.flatMap((repo) =>
          TAGS.map((tag) => copyReference({ source: { client: from, repository: `src/${repo}`, reference: tag }, target: { client: target, repository: `bounded/${repo}` }, session })),
        ),
      );
      expect(bounded.peakInFlight).toBeLessThanOrEqual(3);
      // Six copies did run side by side, up to the bound.
      expect(bounded.peakInFlight).toBeGreaterThanOrEqual(2);
    } finally {
      await target.close();
      await bounded.close();
    }
    await expectAllTagsAt("bounded");
  });

  it("slows down when the target answers 429 instead of failing the migration", async () => {
    let throttled = 0;
    // A registry that allows two requests at a time and tells everyone else to come back shortly.
    rule = (inFlight) => {
      if (inFlight <= 2) return undefined;
      throttled++;
      return { kind: "status", status: 429, headers: { "retry-after": "0.05" } };
    };
    const session = new CopySession({ concurrency: 8 });
    try {
      await migrate("throttled", session);
    } finally {
      rule = () => undefined;
    }
    expect(throttled).toBeGreaterThan(0);
    // The first burst halves the limit and the retries queue behind it: a few refusals, not one
    // per request. (Retrying alone, without slowing down, drew about 50 here and sometimes ran out
    // of attempts.)
    expect(throttled).toBeLessThanOrEqual(14);
    await expectAllTagsAt("throttled");
  });

  it("a copy stopped while it waits for another copy's upload of a shared layer stops at once, and the other finishes", { timeout: 20_000 }, async () => {
    const baseDigest = digestOf(base);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The source hands out the base layer only when the test says so: its first upload stays open.
    const slowSource = await startFaultyProxy(src.url, (req) => (req.method === "GET" && req.url?.endsWith(`/blobs/${baseDigest}`) ? { kind: "hold", until: held } : undefined));
    const source = clientFor(slowSource.url);
    const target = clientFor(dst.url);
    const session = new CopySession({ concurrency: 4 });
    const stop = new AbortController();
    try {
      const first = copyReference({ source: { client: source, repository: "src/alpha", reference: "v1" }, target: { client: target, repository: "waits/alpha" }, session });
      while (!slowSource.seen.some((line) => line.endsWith(baseDigest))) await new Promise((resolve) => setTimeout(resolve, 10));
      let ownBlobsDone = 0;
      let waiting!: () => void;
      const nowWaiting = new Promise<void>((resolve) => (waiting = resolve));
      const second = copyReference({
        source: { client: source, repository: "src/beta", reference: "v1" },
        target: { client: target, repository: "waits/beta" },
        session,
        signal: stop.signal,
        // Its config, repository layer and own layer are done: only the base layer, which `first` is moving, is left.
        onProgress: (e) => void (e.phase === "blob-done" && ++ownBlobsDone === 3 && waiting()),
      });
      await nowWaiting;
      stop.abort(new Error("stopped by the caller"));
      await expect(second).rejects.toThrow("stopped by the caller");
      release();
      await first;
      expect((await target.headManifest("waits/alpha", "v1"))?.digest).toBe(images.get("alpha:v1")!.digest);
    } finally {
      release();
      await Promise.all([source.close(), target.close()]);
      await slowSource.close();
    }
  });
});
