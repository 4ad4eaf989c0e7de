/**
 * ImageSync: image-syncer semantics with our copy engine, from a real docker-registry behind htpasswd
 * basic auth into an emulated ACR instance's registry (logged in with a GetAuthorizationToken
 * token), checking that digests are identical at both ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { pushImage } from "../../emulator/replication/support";
import { dispatch, PROVIDER_TEXT, startProviderHarness, type ProviderHarness } from "../harness";
import { namespaceIn } from "./fixtures";

const LOGIN = { username: "syncer", password: "Source-Pass-123" };
let h: ProviderHarness;
let src: TestRegistry;
let source: RegistryClient;
let target: RegistryClient;
let targetHost: string;
const digests: Record<string, string> = {};

beforeAll(async () => {
  [h, src] = await Promise.all([startProviderHarness(), startRegistry({ basicAuth: LOGIN })]);
  source = new RegistryClient({ registry: src.url, credentials: LOGIN });
  for (const tag of ["v1", "v2", "dev"]) digests[tag] = (await pushImage(source, "library/app", tag, [4096, 1000])).digest;
  for (const ns of ["all", "regex", "list", "config"]) await namespaceIn(h, h.instanceA, ns);
  targetHost = h.emulator.dataPlane.hostFor(h.instanceA)!;
  const token = await h.crAsA("GetAuthorizationToken", { InstanceId: h.instanceA });
  target = new RegistryClient({ registry: `http://${targetHost}`, credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string } });
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
  await Promise.all([h?.stop(), src?.close()]);
});

const sync = (extra: Record<string, unknown>) => ({
  sourceCredentials: LOGIN,
  sourceInsecure: true,
  targetInstanceId: h.instanceA,
  targetInsecure: true,
  __provider: PROVIDER_TEXT,
  ...extra,
});

async function targetDigest(repository: string, tag: string): Promise<string | undefined> {
  return (await target.headManifest(repository, tag))?.digest;
}

describe("ImageSync from a basic-auth docker-registry into an emulated ACR instance", () => {
  it("copies every tag when none is given, with identical digests, and re-runs only on input changes", async () => {
    const inputs = sync({ source: `${src.host}/library/app`, target: `${targetHost}/all/app`, concurrency: 2 });
    expect((await dispatch.check("ImageSync", {}, inputs)).failures).toEqual([]);
    const created = await dispatch.create("ImageSync", inputs);
    expect(created.outs.copiedTags).toEqual(["dev", "v1", "v2"].map((t) => `${src.host}/library/app:${t}`));
    const [image] = created.outs.images as Array<{ tags: Array<{ tag: string; digest: string; status: string }> }>;
    expect(image!.tags).toEqual(["dev", "v1", "v2"].map((tag) => ({ tag, digest: digests[tag], status: "copied" })));
    for (const tag of ["v1", "v2", "dev"]) expect(await targetDigest("all/app", tag)).toBe(digests[tag]);
    expect(created.outs.bytesMoved).toBeGreaterThan(3 * 5096);
    // The passwords never reach the outputs in the clear other than as the (secret) inputs themselves.
    expect(JSON.stringify(created.outs.images)).not.toContain(LOGIN.password);

    const state = { ...created.outs, __provider: PROVIDER_TEXT };
    expect(await dispatch.diff("ImageSync", created.id, state, { ...inputs, concurrency: 8 })).toMatchObject({ replaces: [] });
    expect(await dispatch.diff("ImageSync", created.id, state, { ...inputs, triggers: ["again"] })).toMatchObject({ changes: true, replaces: ["triggers"] });
  });

  it("copies the tags a /regex/ picks and no others", async () => {
    const created = await dispatch.create("ImageSync", sync({ source: `${src.host}/library/app`, target: `${targetHost}/regex/app`, tags: "/^v[0-9]$/" }));
    expect(created.outs.copiedTags).toEqual([`${src.host}/library/app:v1`, `${src.host}/library/app:v2`]);
    expect(await targetDigest("regex/app", "v1")).toBe(digests.v1);
    expect(await targetDigest("regex/app", "v2")).toBe(digests.v2);
    expect(await targetDigest("regex/app", "dev")).toBeUndefined();
  });

  it("copies a tag list given image-syncer style in the source reference", async () => {
    const created = await dispatch.create("ImageSync", sync({ source: `${src.host}/library/app:dev,v2`, target: `${targetHost}/list/app`, retries: 0 }));
    expect((created.outs.images as Array<{ tags: unknown[] }>)[0]!.tags).toHaveLength(2);
    expect(await targetDigest("list/app", "dev")).toBe(digests.dev);
    expect(await targetDigest("list/app", "v2")).toBe(digests.v2);
    expect(await targetDigest("list/app", "v1")).toBeUndefined();
  });

  it("takes an image-syncer config file as it is: auth map, images map, default registry and namespace", async () => {
    const token = await h.crAsA("GetAuthorizationToken", { InstanceId: h.instanceA });
    const config = JSON.stringify({
      auth: {
        [src.host]: { username: LOGIN.username, password: LOGIN.password, insecure: true },
        [targetHost]: { username: token.TempUsername, password: token.AuthorizationToken, insecure: true },
      },
      images: { [`${src.host}/library/app:v1`]: "", [`${src.host}/library/app:/^dev$/`]: `${targetHost}/config/renamed` },
    });
    const inputs = { config, defaultTargetRegistry: targetHost, defaultTargetNamespace: "config", __provider: PROVIDER_TEXT };
    expect((await dispatch.check("ImageSync", {}, inputs)).failures).toEqual([]);
    const created = await dispatch.create("ImageSync", inputs);
    expect((created.outs.images as Array<{ target: string }>).map((i) => i.target)).toEqual([`${targetHost}/config/app`, `${targetHost}/config/renamed`]);
    expect(await targetDigest("config/app", "v1")).toBe(digests.v1);
    expect(await targetDigest("config/renamed", "dev")).toBe(digests.dev);
  });

  it("fails naming the tag after its retries, without the password in the message", async () => {
    const failing = dispatch.create("ImageSync", sync({ source: `${src.host}/library/app:missing`, target: `${targetHost}/list/app`, retries: 1, sourceCredentials: LOGIN }));
    await expect(failing).rejects.toThrow(/1 of 1 tag\(s\) did not copy after 1 retries[\s\S]*library\/app:missing/);
    await failing.catch((error: Error) => expect(error.message).not.toContain(LOGIN.password));
  });
});
