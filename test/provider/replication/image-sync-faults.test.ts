/**
 * R6 (issue 16) for ImageSync, whose copy runs in the provider process (sdk/oci): a source blob
 * corrupted, cut short or reset on every attempt fails the create with an error naming that blob,
 * the target tag never appears, and a create after the fault is cleared fetches from the source only
 * the blob that did not land, counted from the emulator's data-plane request log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../sdk/oci";
import { blobGets, pushImage } from "../../emulator/replication/support";
import { dispatch, PROVIDER_TEXT, startProviderHarness, type ProviderHarness } from "../harness";
import { namespaceIn, SOURCE_BASIC } from "./fixtures";

interface Side {
  host: string;
  login: { username: string; password: string };
  client: RegistryClient;
}

let h: ProviderHarness;
let source: Side;
let target: Side;

/** Two registries: within one, the engine mounts a blob instead of fetching it, and no fault fires. */
async function side(instanceId: string, namespace: string): Promise<Side> {
  await namespaceIn(h, instanceId, namespace);
  const host = h.emulator.dataPlane.hostFor(instanceId)!;
  const token = await h.crAsA("GetAuthorizationToken", { InstanceId: instanceId });
  const login = { username: token.TempUsername as string, password: token.AuthorizationToken as string };
  return { host, login, client: new RegistryClient({ registry: `http://${host}`, credentials: login }) };
}

beforeAll(async () => {
  h = await startProviderHarness();
  source = await side(SOURCE_BASIC, "src");
  target = await side(h.instanceA, "dst");
});
afterAll(async () => {
  h?.emulator.admin.setFaults({});
  await Promise.all([source?.client.close(), target?.client.close()]);
  await h?.stop();
});


describe.each(["corrupt", "truncate", "reset"] as const)("ImageSync meeting a source blob that is %s on every attempt", (kind) => {
  it("fails naming the blob, tags nothing, and the next create fetches only that blob", { timeout: 60_000 }, async () => {
    const repo = `app-${kind}`;
    const image = await pushImage(source.client, `src/${repo}`, "v1", [2000, 256 * 1024]);
    const broken = image.blobs[2]!;
    const blobPath = `^/v2/src/${repo}/blobs/${broken}$`;
    const inputs = {
      source: `${source.host}/src/${repo}:v1`,
      target: `${target.host}/dst/${repo}`,
      sourceCredentials: source.login,
      targetCredentials: target.login,
      sourceInsecure: true,
      targetInsecure: true,
      retries: 0,
      __provider: PROVIDER_TEXT,
    };
    // The broken blob is slowed so the other two land before the copy gives up.
    h.emulator.admin.setFaults({
      registry: [
        { kind: "latency", latencyMs: 300, instanceId: SOURCE_BASIC, method: "GET", path: blobPath },
        { kind, instanceId: SOURCE_BASIC, method: "GET", path: blobPath },
      ],
    });
    const failure = await dispatch.create("ImageSync", inputs).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain(broken);
    expect((failure as Error).message).not.toContain(source.login.password);
    expect(await target.client.headManifest(`dst/${repo}`, "v1")).toBeUndefined();
    expect(await target.client.headBlob(`dst/${repo}`, broken)).toBeUndefined();
    for (const blob of image.blobs.slice(0, 2)) expect(await target.client.headBlob(`dst/${repo}`, blob)).toBeDefined();

    h.emulator.admin.setFaults({});
    h.emulator.admin.resetRegistryRequests();
    await dispatch.create("ImageSync", inputs);
    expect((await target.client.headManifest(`dst/${repo}`, "v1"))?.digest).toBe(image.digest);
    expect(blobGets(h.emulator, SOURCE_BASIC, `src/${repo}`)).toEqual({ [broken]: 1 });
  });
});
