/**
 * The copy engine's round-trip savers (CopySession tactics), counted where the requests arrive:
 * the emulator's data-plane request log (it takes single-POST uploads) and a counting proxy in
 * front of a real `docker-registry` (it does not). Each saver is checked on and off on the same
 * workload, so a count that does not move when the saver is off would show it does nothing.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopySession, RegistryClient, copyReference, digestOf, type CopyReport, type CopyTactic } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { startHarness, type Harness } from "../../emulator/registry/harness";
import { startFaultyProxy, type FaultyProxy } from "./faulty-proxy";
import { clientFor, imageOf, pushImage, seededBytes, type TestImage } from "./fixtures";

const REPOS = ["alpha", "beta", "gamma"];
const TAGS = ["v1", "v2"];
const ALL: CopyTactic[] = ["digest-head", "single-post", "mount-first"];
// The base layer is larger than the single-POST probe (64 KiB); the others are not.
const base = seededBytes("round-trips/base", 96 * 1024);
const images = new Map<string, TestImage>();
for (const repo of REPOS) {
  const perRepo = seededBytes(`round-trips/${repo}`, 32 * 1024);
  for (const tag of TAGS) images.set(`${repo}:${tag}`, imageOf([base, perRepo, seededBytes(`round-trips/${repo}/${tag}`, 8 * 1024)], { os: "linux", architecture: "amd64", tag: `${repo}:${tag}` }));
}
const uniqueBlobs = new Map<string, number>();
for (const image of images.values()) for (const blob of [image.config, ...image.layers]) uniqueBlobs.set(digestOf(blob), blob.length);
const uniqueBytes = [...uniqueBlobs.values()].reduce((a, b) => a + b, 0);
/** 1 base + 3 per-repository + 6 own layers + 6 configs. */
const UNIQUE = 16;
/** The base layer mounted into the two repositories after the first. */
const MOUNTS = 2;

let src: TestRegistry;
let from: RegistryClient;
let emulator: Harness;
let plain: TestRegistry;
let proxy: FaultyProxy;

beforeAll(async () => {
  [src, plain, emulator] = await Promise.all([startRegistry(), startRegistry(), startHarness()]);
  from = clientFor(src.url);
  for (const [ref, image] of images) {
    const [repo, tag] = ref.split(":");
    await pushImage(from, `src/${repo}`, image, tag);
  }
  proxy = await startFaultyProxy(plain.url, () => undefined);
}, 60_000);
afterAll(async () => {
  await from?.close();
  await proxy?.close();
  await Promise.all([src?.close(), plain?.close(), emulator?.close()]);
});

/** Every repository × tag as its own copy in one session, as ImageSync runs a migration. */
async function migrate(target: RegistryClient, repoOf: (repo: string) => string, session: CopySession): Promise<CopyReport[]> {
  return Promise.all(
    REPOS.flatMap((repo) => TAGS.map((tag) => copyReference({ source: { client: from, repository: `src/${repo}`, reference: tag }, target: { client: target, repository: repoOf(repo) }, session }))),
  );
}

interface Counts {
  manifestHead: number;
  manifestPut: number;
  blobHead: number;
  uploadPost: number;
  uploadPut: number;
}

/** The emulator's data-plane requests of one migration into namespace `auto`, repositories `<prefix><repo>`. */
async function migrateIntoEmulator(prefix: string, tactics: CopyTactic[], concurrency = 1): Promise<{ counts: Counts; reports: CopyReport[] }> {
  const target = emulator.client(emulator.owner);
  const before = emulator.emulator.admin.registryRequests();
  const reports = await migrate(target, (repo) => `auto/${prefix}${repo}`, new CopySession({ concurrency, tactics }));
  const after = emulator.emulator.admin.registryRequests();
  const counts: Counts = { manifestHead: 0, manifestPut: 0, blobHead: 0, uploadPost: 0, uploadPut: 0 };
  for (const [key, n] of Object.entries(after)) {
    if (!key.includes(`/auto/${prefix}`)) continue;
    const grown = n - (before[key] ?? 0);
    const [, method, path] = key.split(" ");
    if (path!.includes("/manifests/")) counts[method === "HEAD" ? "manifestHead" : "manifestPut"] += grown;
    else if (/\/blobs\/uploads\/$/.test(path!) && method === "POST") counts.uploadPost += grown;
    else if (/\/blobs\/uploads\/[^/]+$/.test(path!) && method === "PUT") counts.uploadPut += grown;
    else if (/\/blobs\/sha256:/.test(path!) && method === "HEAD") counts.blobHead += grown;
  }
  for (const [ref, image] of images) {
    const [repo, tag] = ref.split(":");
    expect((await target.headManifest(`auto/${prefix}${repo}`, tag!))?.digest).toBe(image.digest);
  }
  return { counts, reports };
}

const without = (tactic: CopyTactic) => ALL.filter((t) => t !== tactic);
const bytesMoved = (reports: CopyReport[]) => reports.reduce((n, r) => n + r.bytesMoved, 0);

describe("round trips of a migration into the emulator, which takes single-POST uploads", () => {
  it("with every saver on: one request per new blob, no upload PUT, one manifest HEAD per tag", async () => {
    const { counts, reports } = await migrateIntoEmulator("all", ALL);
    expect(counts).toEqual({ manifestHead: 6, manifestPut: 6, blobHead: UNIQUE, uploadPost: UNIQUE + MOUNTS, uploadPut: 0 });
    expect(bytesMoved(reports)).toBe(uniqueBytes);
  });

  it("without digest-head, each new tag costs a second manifest HEAD (of its digest)", async () => {
    const { counts } = await migrateIntoEmulator("nohead", without("digest-head"));
    expect(counts.manifestHead).toBe(12);
    expect(counts.uploadPut).toBe(0);
  });

  it("without single-post, every uploaded blob costs a POST and a PUT", async () => {
    const { counts, reports } = await migrateIntoEmulator("nopost", without("single-post"));
    expect(counts).toEqual({ manifestHead: 6, manifestPut: 6, blobHead: UNIQUE, uploadPost: UNIQUE + MOUNTS, uploadPut: UNIQUE });
    expect(bytesMoved(reports)).toBe(uniqueBytes);
  });

  it("without mount-first, each mount is preceded by a blob HEAD", async () => {
    const { counts } = await migrateIntoEmulator("nomount", without("mount-first"));
    expect(counts.blobHead).toBe(UNIQUE + MOUNTS);
    expect(counts.uploadPost).toBe(UNIQUE + MOUNTS);
  });

  it("many copies at once still upload each blob once and complete every tag", async () => {
    const { counts, reports } = await migrateIntoEmulator("wide", ALL, 8);
    expect(bytesMoved(reports)).toBe(uniqueBytes);
    // A large blob that started before any small one asked may still go as POST then PUT.
    expect(counts.uploadPost).toBe(UNIQUE + MOUNTS);
    expect(counts.uploadPut).toBeLessThanOrEqual(1);
  });

  it("a tag new to the target whose content another tag already holds is written without re-sending blobs", async () => {
    const target = emulator.client(emulator.owner);
    const session = () => new CopySession({ concurrency: 2, tactics: ALL });
    const source = { client: from, repository: "src/alpha", reference: "v1" };
    await copyReference({ source, target: { client: target, repository: "auto/retag", reference: "first" }, session: session() });
    const again = await copyReference({ source, target: { client: target, repository: "auto/retag", reference: "second" }, session: session() });
    expect(again.references[0]!.status).toBe("copied");
    expect(again.bytesMoved).toBe(0);
    expect(again.blobs.skipped).toBe(4);
    expect((await target.headManifest("auto/retag", "second"))?.digest).toBe(images.get("alpha:v1")!.digest);
  });
});

describe("against docker-registry, which answers a single POST with an upload session", () => {
  it("asks once with a small blob, then uploads every blob as POST then PUT and completes the migration", async () => {
    const mark = proxy.seen.length;
    const target = clientFor(proxy.url);
    try {
      const reports = await migrate(target, (repo) => `plain/${repo}`, new CopySession({ concurrency: 4, tactics: ALL }));
      expect(bytesMoved(reports)).toBe(uniqueBytes);
    } finally {
      await target.close();
    }
    const seen = proxy.seen.slice(mark);
    const singlePosts = seen.filter((line) => /^POST \/v2\/plain\/\w+\/blobs\/uploads\/\?digest=/.test(line));
    expect(singlePosts).toHaveLength(1);
    // The declined probe's blob went again in the session it opened: one PUT per distinct blob.
    expect(seen.filter((line) => /^PUT \/v2\/plain\/\w+\/blobs\/uploads\//.test(line))).toHaveLength(UNIQUE);
    const check = clientFor(plain.url);
    try {
      for (const [ref, image] of images) {
        const [repo, tag] = ref.split(":");
        expect((await check.headManifest(`plain/${repo}`, tag!))?.digest).toBe(image.digest);
      }
    } finally {
      await check.close();
    }
  });
});

describe("checking the target while reading the source", () => {
  it("sends a tag's target HEAD while the source manifest read is still open", { timeout: 20_000 }, async () => {
    let sawHead!: (how: string) => void;
    const headSeen = new Promise<string>((resolve) => (sawHead = resolve));
    const targetProxy = await startFaultyProxy(plain.url, (req) => void (req.method === "HEAD" && req.url?.includes("/manifests/") && sawHead("the target HEAD came first")));
    // The source answers the manifest only once the target saw the HEAD, or after 3 s without it.
    const released = Promise.race([headSeen, new Promise<string>((resolve) => setTimeout(() => resolve("the source read came first"), 3_000))]);
    const sourceProxy = await startFaultyProxy(src.url, (req) => (req.method === "GET" && req.url?.includes("/manifests/") ? { kind: "hold", until: released } : undefined));
    const source = clientFor(sourceProxy.url);
    const target = clientFor(targetProxy.url);
    try {
      const report = await copyReference({ source: { client: source, repository: "src/alpha", reference: "v1" }, target: { client: target, repository: "overlap/alpha" }, session: new CopySession({ tactics: ALL }) });
      expect(await released).toBe("the target HEAD came first");
      expect(report.references[0]!.status).toBe("copied");
    } finally {
      await Promise.all([source.close(), target.close()]);
      await Promise.all([sourceProxy.close(), targetProxy.close()]);
    }
  });
});

describe("a registry that stops taking single POSTs", () => {
  it("sends the blob it declined again as POST then PUT, and every later blob that way", { timeout: 30_000 }, async () => {
    // In front of the emulator: small single POSTs pass; a larger one loses its `digest` and so
    // only opens a session (202), as from a registry that answers differently than it did before.
    const stripped: string[] = [];
    const fickle = await startFaultyProxy(`http://${emulator.host}`, (req) => {
      const url = req.url ?? "";
      if (req.method !== "POST" || !url.includes("?digest=") || Number(req.headers["content-length"]) <= 64 * 1024) return undefined;
      stripped.push(url);
      return { kind: "path", path: url.slice(0, url.indexOf("?")) };
    });
    const target = new RegistryClient({ registry: fickle.url, credentials: emulator.owner });
    const mark = fickle.seen.length;
    try {
      const report = await copyReference({
        source: { client: from, repository: "src/alpha", reference: "v1" },
        target: { client: target, repository: "auto/fickle" },
        session: new CopySession({ concurrency: 1, tactics: ALL }),
      });
      expect(report.references[0]!.status).toBe("copied");
      expect((await target.headManifest("auto/fickle", "v1"))?.digest).toBe(images.get("alpha:v1")!.digest);
    } finally {
      await target.close();
      await fickle.close();
    }
    const seen = fickle.seen.slice(mark);
    // The config went in one POST; the base layer was declined once, then all three layers went as POST then PUT.
    expect(stripped).toHaveLength(1);
    expect(seen.filter((line) => /^POST \/v2\/auto\/fickle\/blobs\/uploads\/\?digest=/.test(line))).toHaveLength(2);
    expect(seen.filter((line) => /^PUT \/v2\/auto\/fickle\/blobs\/uploads\/[^?]+\?/.test(line))).toHaveLength(3);
  });
});
