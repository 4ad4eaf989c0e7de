/**
 * examples/registry-governance through the real Pulumi CLI (Automation API, no mocks) against a fresh
 * emulator (default seed: account A's Advanced instance `a-advanced` and Basic instance in
 * cn-hangzhou). Official clients check what `up` made; tags pushed to the instance's registry meet
 * the retention rule when the emulator clock moves, the manual rule's run copies the release tags,
 * and changing the ACL entry to 10.0.0.0/8 locks loopback out of the registry until it changes back.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountKeys, startSeeded, type RunningEmulator } from "./support/emulator";
import { openExampleStack, type ExampleStack } from "./support/example-stack";
import { pushTinyImage, tagDigest, type Login } from "./support/images";
import { crClient, type Body, type CrClient } from "./support/official";
import { ensurePulumiBin } from "./support/pulumi-cli";
import { closeExample, destroySucceeds } from "./support/scenarios";
import { acquireE2eLock } from "./support/serial";

const SOURCE = "cri-emuaadvanced0001";
const TARGET = "cri-emuabasic0000001";
const WEBHOOK_TOKEN = "hook-token-5521";
const DAY_MS = 86_400_000;

describe("examples/registry-governance with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let example: ExampleStack;
  let cr: CrClient;
  let receiver: http.Server;
  let destroyed = false;
  let release = () => {};
  const digests: Record<string, string> = {};
  const received: Array<{ url: string; body: Body }> = [];

  beforeAll(async () => {
    release = await acquireE2eLock();
    await ensurePulumiBin();
    emulator = await startSeeded();
    const a = accountKeys(emulator, "A");
    cr = crClient(emulator.port, a, "cn-hangzhou");
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => {
        received.push({ url: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Body });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    example = await openExampleStack({
      example: "registry-governance",
      endpoint: emulator.endpoint,
      keys: a,
      region: "cn-hangzhou",
      config: { instanceNameRegex: "^a-adv", targetInstanceId: TARGET, targetRegion: "cn-hangzhou" },
      secrets: { webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/acr?token=${WEBHOOK_TOKEN}` },
    });
  }, 20 * 60_000);

  afterAll(async () => {
    await closeExample(example, destroyed);
    release();
    await new Promise((resolve) => receiver?.close(resolve));
    await emulator?.stop();
  }, 120_000);

  const registryOf = (instanceId: string) => `http://${emulator.dataPlane.hostFor(instanceId)!}`;
  async function loginTo(instanceId: string): Promise<Login> {
    const token = await cr.call("GetAuthorizationToken", { InstanceId: instanceId });
    return { username: String(token.TempUsername), password: String(token.AuthorizationToken) };
  }
  async function tagsOf(instanceId: string, repoName: string): Promise<string[]> {
    const repo = await cr.try("GetRepository", { InstanceId: instanceId, RepoNamespaceName: "governed", RepoName: repoName });
    if (!repo.ok) return [];
    const listed = await cr.call("ListRepoTag", { InstanceId: instanceId, RepoId: String(repo.body.RepoId), PageSize: 100 });
    return (listed.Images as Body[]).map((i) => String(i.Tag)).sort();
  }
  async function registryStatus(): Promise<number> {
    const login = await loginTo(SOURCE);
    const response = await fetch(`${registryOf(SOURCE)}/v2/`, { headers: { authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString("base64")}` } });
    await response.arrayBuffer();
    return response.status;
  }

  it("up looks the instance up and declares the endpoint, its ACL entry, the retention rule, the webhook and the manual rule", async () => {
    const result = await example.stack.up();
    expect(result.summary.result).toBe("succeeded");
    const endpoint = await cr.call("GetInstanceEndpoint", { InstanceId: SOURCE, EndpointType: "internet" });
    expect(endpoint).toMatchObject({ Enable: true, AclEntries: [{ Entry: "127.0.0.1/32", Comment: "who may docker login" }] });
    const rules = (await cr.call("ListArtifactLifecycleRule", { InstanceId: SOURCE })).Rules as Body[];
    expect(rules).toEqual([expect.objectContaining({ Scope: "REPO", NamespaceName: "governed", RepoName: "app", RetentionTagCount: 3, TagRegexp: "release-.*", Auto: true })]);
    const repo = await cr.call("GetRepository", { InstanceId: SOURCE, RepoNamespaceName: "governed", RepoName: "app" });
    const triggers = (await cr.call("ListRepoTrigger", { InstanceId: SOURCE, RepoId: String(repo.RepoId) })).Triggers as Body[];
    expect(triggers).toEqual([expect.objectContaining({ TriggerName: "release-push", TriggerType: "TAG_REG_EXP", TriggerTag: "release-.*" })]);
    const syncRules = (await cr.call("ListRepoSyncRule", { InstanceId: SOURCE })).SyncRules as Body[];
    expect(syncRules).toEqual([expect.objectContaining({ SyncTrigger: "INITIATIVE", TagFilter: "release-.*", TargetInstanceId: TARGET })]);
    const outputs = await example.stack.outputs();
    expect(outputs.registryHost?.value).toBe(endpoint.Domains && (endpoint.Domains as Body[])[0]!.Domain);
    // The webhook URL carries a token: it is a secret in the state.
    const state = JSON.stringify((await example.exportState()).deployment);
    expect(state).not.toContain(WEBHOOK_TOKEN);
  }, 300_000);

  it("announces the release pushes to the webhook, and keeps the 3 newest tags plus release-* once the clock passes the rule's schedule", async () => {
    const login = await loginTo(SOURCE);
    // One second apart on the emulator clock, so "newest" is well defined.
    for (const tag of ["release-1", "release-2", "dev-1", "dev-2", "dev-3", "dev-4"]) {
      digests[tag] = await pushTinyImage(registryOf(SOURCE), login, "governed/app", tag);
      emulator.admin.advanceClock(1000);
    }
    expect(await tagsOf(SOURCE, "app")).toEqual(["dev-1", "dev-2", "dev-3", "dev-4", "release-1", "release-2"]);
    // Deliveries are sent after the push answers; give them a bounded while.
    for (let waited = 0; received.length < 2 && waited < 20_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    const pushes = received.map((r) => r.body.push_data as Body).map((p) => [p.tag, p.digest]);
    expect(pushes.sort()).toEqual([["release-1", digests["release-1"]], ["release-2", digests["release-2"]]]);
    expect(received[0]!.url).toContain(WEBHOOK_TOKEN);
    expect(received[0]!.body.repository).toMatchObject({ namespace: "governed", name: "app", region: "cn-hangzhou", instance_id: SOURCE });
    emulator.admin.advanceClock(8 * DAY_MS);
    expect(await tagsOf(SOURCE, "app")).toEqual(["dev-2", "dev-3", "dev-4", "release-1", "release-2"]);
    // The registry agrees (a fresh token: the clock moved past the first one's expiry).
    const fresh = await loginTo(SOURCE);
    expect(await tagDigest(registryOf(SOURCE), fresh, "governed/app", "dev-4")).toBe(digests["dev-4"]);
    expect(await tagDigest(registryOf(SOURCE), fresh, "governed/app", "release-1")).toBe(digests["release-1"]);
    expect(await tagDigest(registryOf(SOURCE), fresh, "governed/app", "dev-1")).toBeUndefined();
  }, 120_000);

  it("runs the manual rule when runId is set: the target gets the release tags only", async () => {
    await example.stack.setConfig("runId", { value: "1" });
    const result = await example.stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await example.stack.outputs()).replicatedTags?.value).toEqual(["release-1", "release-2"]);
    expect(await tagsOf(TARGET, "app")).toEqual(["release-1", "release-2"]);
    const login = await loginTo(TARGET);
    expect(await tagDigest(registryOf(TARGET), login, "governed/app", "release-2")).toBe(digests["release-2"]);
  }, 300_000);

  it("refuses loopback at the registry once the ACL entry is 10.0.0.0/8, and lets it in again when it changes back", async () => {
    expect(await registryStatus()).toBe(200);
    await example.stack.setConfig("aclEntry", { value: "10.0.0.0/8" });
    expect((await example.stack.up()).summary.result).toBe("succeeded");
    expect((await cr.call("GetInstanceEndpoint", { InstanceId: SOURCE, EndpointType: "internet" })).AclEntries).toEqual([expect.objectContaining({ Entry: "10.0.0.0/8" })]);
    expect(await registryStatus()).toBe(403);
    await expect(pushTinyImage(registryOf(SOURCE), await loginTo(SOURCE), "governed/app", "blocked")).rejects.toThrow(/DENIED|403/);

    await example.stack.setConfig("aclEntry", { value: "127.0.0.1/32" });
    expect((await example.stack.up()).summary.result).toBe("succeeded");
    expect(await registryStatus()).toBe(200);
  }, 600_000);

  it("destroy leaves nothing the stack made", async () => {
    await destroySucceeds(example);
    destroyed = true;
    const endpoint = await cr.call("GetInstanceEndpoint", { InstanceId: SOURCE, EndpointType: "internet" });
    expect(endpoint).toMatchObject({ Enable: true, AclEntries: [] });
    expect((await cr.call("ListArtifactLifecycleRule", { InstanceId: SOURCE })).Rules).toEqual([]);
    expect((await cr.call("ListRepoSyncRule", { InstanceId: SOURCE })).SyncRules).toEqual([]);
    expect((await cr.call("ListNamespace", { InstanceId: SOURCE })).Namespaces).toEqual([]);
    expect((await cr.call("ListNamespace", { InstanceId: TARGET })).Namespaces).toEqual([]);
  }, 300_000);
});
