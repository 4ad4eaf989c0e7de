/** A tiny OCI image pushed with the sdk's registry client, and a wait for a tag to appear elsewhere. */
import { randomBytes } from "node:crypto";
import { MediaType, RegistryClient, digestOf } from "../../../sdk/oci";

export interface Login {
  username: string;
  password: string;
}

/** Pushes a one-layer image with random content; returns its manifest digest. */
export async function pushTinyImage(registry: string, login: Login, repository: string, tag: string): Promise<string> {
  const client = new RegistryClient({ registry, insecure: true, credentials: login });
  try {
    const layer = randomBytes(2048);
    const layerDigest = await client.pushBlob(repository, layer);
    const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [layerDigest] } }));
    const configDigest = await client.pushBlob(repository, config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        config: { mediaType: MediaType.OciConfig, digest: configDigest, size: config.length },
        layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: layerDigest, size: layer.length }],
      }),
    );
    await client.putManifest(repository, tag, manifest, MediaType.OciManifest);
    return digestOf(manifest);
  } finally {
    await client.close();
  }
}

/** The tag's manifest digest on `registry`, or undefined when it is not there. */
export async function tagDigest(registry: string, login: Login, repository: string, tag: string): Promise<string | undefined> {
  const client = new RegistryClient({ registry, insecure: true, credentials: login });
  try {
    return (await client.headManifest(repository, tag))?.digest;
  } catch {
    return undefined;
  } finally {
    await client.close();
  }
}

/** Polls until the tag exists with `digest` (a replication finished) or the deadline passes. */
export async function waitForTag(
  registry: string,
  login: Login,
  repository: string,
  tag: string,
  digest: string,
  options: { timeoutMs?: number; onWait?: (elapsedMs: number) => void } = {},
): Promise<boolean> {
  const start = Date.now();
  const timeout = options.timeoutMs ?? 60_000;
  while (Date.now() - start < timeout) {
    if ((await tagDigest(registry, login, repository, tag)) === digest) return true;
    options.onWait?.(Date.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
