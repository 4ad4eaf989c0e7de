/**
 * Interop with the real `skopeo` (Debian package, installed by CI): push an OCI layout into an
 * emulated instance with the password and with the temporary token, pull it back out, inspect it,
 * copy it between two instances, and copy a multi-arch index with `--all`. Digests must survive
 * every hop. A missing skopeo fails the suite with a clear message rather than skipping it.
 */

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomImage, randomIndex, writeOciLayout } from "../support/oci-layout";
import { INSTANCE, OTHER_INSTANCE, PASSWORD, startHarness, type Harness } from "../emulator/registry/harness";

const run = promisify(execFile);
const SKOPEO = process.env.SKOPEO_BIN ?? "skopeo";

async function skopeo(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(SKOPEO, ["--insecure-policy", ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === "ENOENT") throw new Error(`skopeo was not found (${SKOPEO}); install it (apt-get install skopeo) or set SKOPEO_BIN`);
    throw new Error(`skopeo ${args.join(" ")} failed: ${e.stderr ?? e.message}`);
  }
}

const image = randomImage({ layers: 3, layerBytes: 200_000 });
const multi = randomIndex(["linux/amd64", "linux/arm64"], { layers: 2 });

let h: Harness;
let work: string;
let layout: string;
let creds: string;
let hostB: string;

beforeAll(async () => {
  await skopeo("--version");
  h = await startHarness();
  await h.cr.cr.resetLoginPassword({ InstanceId: OTHER_INSTANCE, Password: PASSWORD });
  await h.cr.cr.createNamespace({ InstanceId: OTHER_INSTANCE, NamespaceName: "auto", AutoCreateRepo: true, DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: false } });
  hostB = h.emulator.dataPlane.hostFor(OTHER_INSTANCE)!;
  creds = `${h.owner.username}:${PASSWORD}`;
  work = await mkdtemp(join(tmpdir(), "skopeo-interop-"));
  layout = join(work, "layout");
  await writeOciLayout(layout, [
    { tag: "v1", content: image },
    { tag: "multi", content: multi },
  ]);
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function layoutDigest(dir: string, tag: string): Promise<string> {
  const index = JSON.parse(await readFile(join(dir, "index.json"), "utf8")) as { manifests: Array<{ digest: string; annotations?: Record<string, string> }> };
  const entry = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag);
  if (!entry) throw new Error(`no ${tag} in ${dir}`);
  return entry.digest;
}

/** `skopeo copy` from the first instance's `from` to the other instance's `to`, logged in to both as the owner. */
function copyBetweenInstances(from: string, to: string, ...flags: string[]): Promise<string> {
  return skopeo("copy", ...flags, "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", creds, "--dest-creds", creds, `docker://${h.host}/${from}`, `docker://${hostB}/${to}`);
}

describe("skopeo against an emulated instance", () => {
  it("pushes an OCI layout with the instance password, keeping the manifest digest", async () => {
    await skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds, `oci:${layout}:v1`, `docker://${h.host}/auto/app:v1`);
    const pushed = await h.client(h.owner).headManifest("auto/app", "v1");
    expect(pushed?.digest).toBe(image.manifest.digest);
    const repo = await h.cr.cr.getRepository({ InstanceId: INSTANCE, RepoNamespaceName: "auto", RepoName: "app" });
    const tags = await h.cr.cr.listRepoTag({ InstanceId: INSTANCE, RepoId: repo.RepoId as string });
    expect(tags.Images.map((t) => [t.Tag, `sha256:${t.Digest}`])).toEqual([["v1", image.manifest.digest]]);
  });

  it("pushes with the temporary token from GetAuthorizationToken", async () => {
    const token = await h.cr.cr.getAuthorizationToken({ InstanceId: INSTANCE });
    await skopeo(
      "copy",
      "--dest-tls-verify=false",
      "--dest-creds",
      `${token.TempUsername}:${token.AuthorizationToken}`,
      `oci:${layout}:v1`,
      `docker://${h.host}/auto/by-token:v1`,
    );
    expect((await h.client(h.owner).headManifest("auto/by-token", "v1"))?.digest).toBe(image.manifest.digest);
  });

  it("pulls the image out into an OCI layout with identical digests", async () => {
    const out = join(work, "pulled");
    await skopeo("copy", "--src-tls-verify=false", "--src-creds", creds, `docker://${h.host}/auto/app:v1`, `oci:${out}:v1`);
    expect(await layoutDigest(out, "v1")).toBe(image.manifest.digest);
    for (const layer of image.layers) {
      const bytes = await readFile(join(out, "blobs", "sha256", layer.digest.slice("sha256:".length)));
      expect(bytes.equals(layer.bytes)).toBe(true);
    }
  });

  it("inspects the image: digest, layers, platform and the raw manifest", async () => {
    const inspected = JSON.parse(await skopeo("inspect", "--tls-verify=false", "--creds", creds, `docker://${h.host}/auto/app:v1`)) as {
      Digest: string;
      Layers: string[];
      Architecture: string;
      Os: string;
    };
    expect(inspected.Digest).toBe(image.manifest.digest);
    expect(inspected.Layers).toEqual(image.layers.map((l) => l.digest));
    expect([inspected.Os, inspected.Architecture]).toEqual(["linux", "amd64"]);
    const raw = await skopeo("inspect", "--raw", "--tls-verify=false", "--creds", creds, `docker://${h.host}/auto/app:v1`);
    expect(raw).toBe(image.manifest.bytes.toString("utf8"));
  });

  it("refuses a wrong password", async () => {
    await expect(skopeo("inspect", "--tls-verify=false", "--creds", `${h.owner.username}:Wrong-Pass-123`, `docker://${h.host}/auto/app:v1`)).rejects.toThrow(
      /unauthorized|authentication/i,
    );
  });

  it("copies between two instances", async () => {
    await copyBetweenInstances("auto/app:v1", "auto/copied:v1");
    expect((await h.client(h.owner, OTHER_INSTANCE).headManifest("auto/copied", "v1"))?.digest).toBe(image.manifest.digest);
  });

  it("copies a multi-arch index with --all, children included, into one instance and on to the other", async () => {
    await skopeo("copy", "--all", "--dest-tls-verify=false", "--dest-creds", creds, `oci:${layout}:multi`, `docker://${h.host}/auto/multi:v1`);
    const client = h.client(h.owner);
    const index = await client.getManifest("auto/multi", "v1");
    expect(index.digest).toBe(multi.index.digest);
    for (const child of multi.images) expect((await client.headManifest("auto/multi", child.manifest.digest))?.digest).toBe(child.manifest.digest);

    await copyBetweenInstances("auto/multi:v1", "auto/multi:v1", "--all");
    const copied = h.client(h.owner, OTHER_INSTANCE);
    expect((await copied.getManifest("auto/multi", "v1")).bytes.equals(multi.index.bytes)).toBe(true);
    for (const child of multi.images) expect((await copied.headManifest("auto/multi", child.manifest.digest))?.digest).toBe(child.manifest.digest);
  });
});
