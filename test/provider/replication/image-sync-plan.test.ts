/** ImageSync's plan: which tags each repository of an image-syncer config would copy. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planTags } from "../../../provider/resources/image-sync/definition";
import { RegistryClient } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { startFaultyProxy, type FaultyProxy } from "../../sdk/oci/faulty-proxy";
import { pushImage } from "../../emulator/replication/support";

const REPOS = ["team/a", "team/b", "team/c"];
let src: TestRegistry;
let proxy: FaultyProxy;
let allListed!: () => void;
const listed = new Promise<void>((resolve) => (allListed = resolve));
let listings = 0;

beforeAll(async () => {
  src = await startRegistry();
  const client = new RegistryClient({ registry: src.url });
  try {
    for (const repo of REPOS) await pushImage(client, repo, "v1", [512]);
  } finally {
    await client.close();
  }
  // Each tag listing waits at the proxy until all three have arrived (or 3 s, whichever is first).
  const giveUp = new Promise((resolve) => setTimeout(resolve, 3_000).unref());
  proxy = await startFaultyProxy(src.url, (req) => {
    if (!req.url?.includes("/tags/list")) return undefined;
    if (++listings === REPOS.length) allListed();
    return { kind: "hold", until: Promise.race([listed, giveUp]) };
  });
});
afterAll(async () => {
  await proxy?.close();
  await src?.close();
});

describe("ImageSync's plan over an image-syncer config of several repositories", () => {
  it("lists every source repository's tags at once instead of one after another", async () => {
    const host = new URL(proxy.url).host;
    const images = Object.fromEntries(REPOS.map((r) => [`${host}/${r}`, `registry.example.com/copy/${r.split("/")[1]}`]));
    const tags = await planTags({ config: { auth: { [host]: { insecure: true } }, images } } as Parameters<typeof planTags>[0]);
    expect(tags).toEqual(REPOS.map((r) => `${host}/${r}:v1`));
    // One after another, each listing would wait out the hold alone and never meet the others.
    expect(proxy.peakInFlight).toBe(REPOS.length);
  });
});
