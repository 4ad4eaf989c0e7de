/**
 * Repository triggers firing on push: triggers made through the official openapi-client callApi,
 * images pushed with the sdk OCI client, a real HTTP receiver on loopback. Proves which tags fire,
 * the event body, the recorded delivery status, bounded retries for a failing receiver, and that a
 * receiver that never answers does not hold up the push.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RegistryClient } from "../../../sdk/oci";
import { v3Driver, type Body, type CrDriver, type Keys } from "../cr/official-drivers";
import { A_ADV, login, pushImage, startEnv, UID_A, type Env } from "../replication/support";

interface Received {
  path: string;
  body: Body;
}

const TIMEOUT_MS = 400;

describe("webhook triggers on push", () => {
  let env: Env;
  let driver: CrDriver;
  let owner: Keys;
  let registry: RegistryClient;
  let receiver: Server;
  let base: string;
  const received: Received[] = [];
  const held: ServerResponse[] = [];

  const call = async (action: string, params: Record<string, string | number | boolean>) => {
    const outcome = await driver.call(action, { RegionId: "cn-hangzhou", InstanceId: A_ADV, ...params }, owner);
    if (!outcome.ok) throw new Error(`${action} failed: ${outcome.code} ${JSON.stringify(outcome.body)}`);
    return outcome.body;
  };
  const deliveries = async (triggerId: string) => {
    const response = await fetch(`${env.emulator.endpoint}/__emulator/trigger-deliveries`);
    const { triggers } = (await response.json()) as { triggers: Array<{ triggerId: string; deliveries: Body[] }> };
    return triggers.find((t) => t.triggerId === triggerId)?.deliveries ?? [];
  };
  /** Polls until every delivery of the trigger has ended (bounded). */
  const settled = async (triggerId: string, count: number, limitMs = 10_000) => {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const list = await deliveries(triggerId);
      if (list.length >= count && list.every((d) => d.status !== "PENDING")) return list;
      if (Date.now() > deadline) throw new Error(`deliveries of ${triggerId} did not settle: ${JSON.stringify(list)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const repository = async (name: string) =>
    String((await call("CreateRepository", { RepoNamespaceName: "hooks", RepoName: name, RepoType: "PRIVATE", Summary: "webhook test" })).RepoId);

  beforeAll(async () => {
    receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body });
        if (req.url === "/hang") held.push(res);
        else res.writeHead(req.url === "/fail" ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    env = await startEnv({ webhooks: { attempts: 3, retryDelaysMs: [50], timeoutMs: TIMEOUT_MS } });
    driver = v3Driver(env.emulator.port);
    const a = env.emulator.seed.accounts[0]!;
    owner = { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret };
    await call("CreateNamespace", { NamespaceName: "hooks", AutoCreateRepo: false, DefaultRepoType: "PRIVATE" });
    registry = await login(env, env.a, A_ADV, UID_A);
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    await env?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("posts the event for each matching tag only, with namespace, repository, tag, digest, time, region and instance, and records SUCCESS", async () => {
    const repoId = await repository("app");
    const { TriggerId } = await call("CreateRepoTrigger", { RepoId: repoId, TriggerName: "releases", TriggerUrl: `${base}/ok`, TriggerType: "TAG_REG_EXP", TriggerTag: "release-.*" });
    const pushed: Record<string, string> = {};
    for (const tag of ["v1", "release-1", "v2", "prerelease-1", "release-2"]) pushed[tag] = (await pushImage(registry, "hooks/app", tag, [256])).digest;

    const list = await settled(String(TriggerId), 2);
    expect(list.map((d) => [d.tag, d.status, d.attempts, d.httpStatus, d.digest])).toEqual([
      ["release-1", "SUCCESS", 1, 200, pushed["release-1"]],
      ["release-2", "SUCCESS", 1, 200, pushed["release-2"]],
    ]);
    const bodies = received.filter((r) => r.path === "/ok").map((r) => r.body);
    expect(bodies.map((b) => (b.push_data as Body).tag)).toEqual(["release-1", "release-2"]);
    expect(bodies[0]).toEqual({
      push_data: { digest: pushed["release-1"], pushed_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), tag: "release-1" },
      repository: {
        date_created: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
        instance_id: A_ADV,
        name: "app",
        namespace: "hooks",
        region: "cn-hangzhou",
        repo_authentication_type: "NO_CERTIFIED",
        repo_full_name: "hooks/app",
        repo_origin_type: "NO_CERTIFIED",
        repo_type: "PRIVATE",
      },
    });
  });

  it("retries a failing receiver a bounded number of times and records FAILED with its last HTTP status", async () => {
    const repoId = await repository("flaky");
    const { TriggerId } = await call("CreateRepoTrigger", { RepoId: repoId, TriggerName: "listed", TriggerUrl: `${base}/fail`, TriggerType: "TAG_LIST", TriggerTag: '["v1"]' });
    await pushImage(registry, "hooks/flaky", "v1", [256]);
    await pushImage(registry, "hooks/flaky", "v2", [256]);
    const [delivery, ...rest] = await settled(String(TriggerId), 1);
    expect(rest).toEqual([]);
    expect(delivery).toMatchObject({ tag: "v1", status: "FAILED", attempts: 3, httpStatus: 500, error: "the webhook answered HTTP 500" });
    expect(received.filter((r) => r.path === "/fail")).toHaveLength(3);
  });

  it("gives up on a receiver that never answers after its bounded tries, recording FAILED with the timeout", async () => {
    const repoId = await repository("slow");
    const { TriggerId } = await call("CreateRepoTrigger", { RepoId: repoId, TriggerName: "every", TriggerUrl: `${base}/hang`, TriggerType: "ALL", TriggerTag: "*" });
    await pushImage(registry, "hooks/slow", "v1", [256]);
    const [delivery] = await settled(String(TriggerId), 1);
    expect(delivery).toMatchObject({ status: "FAILED", attempts: 3, httpStatus: 0, error: `no answer within ${TIMEOUT_MS} ms` });
    expect(received.filter((r) => r.path === "/hang")).toHaveLength(3);
  });

  it("does not hold up the push while a webhook call is still open (a 60 s timeout the push would otherwise wait out)", async () => {
    const patient = await startEnv({ webhooks: { attempts: 1, timeoutMs: 60_000 } });
    try {
      const a = patient.emulator.seed.accounts[0]!;
      const keys = { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret };
      const official = v3Driver(patient.emulator.port);
      const must = async (action: string, params: Record<string, string | number | boolean>) => {
        const outcome = await official.call(action, { RegionId: "cn-hangzhou", InstanceId: A_ADV, ...params }, keys);
        if (!outcome.ok) throw new Error(`${action} failed: ${outcome.code}`);
        return outcome.body;
      };
      await must("CreateNamespace", { NamespaceName: "hooks", AutoCreateRepo: false });
      const { RepoId } = await must("CreateRepository", { RepoNamespaceName: "hooks", RepoName: "held", RepoType: "PRIVATE", Summary: "s" });
      await must("CreateRepoTrigger", { RepoId: String(RepoId), TriggerName: "every", TriggerUrl: `${base}/hang`, TriggerType: "ALL", TriggerTag: "*" });
      const before = held.length;
      const client = await login(patient, patient.a, A_ADV, UID_A);
      await pushImage(client, "hooks/held", "v1", [256]);
      // The push has returned; the receiver gets the call and holds it open, unanswered.
      for (const deadline = Date.now() + 10_000; held.length === before && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(held.length).toBe(before + 1);
      const state = (await (await fetch(`${patient.emulator.endpoint}/__emulator/trigger-deliveries`)).json()) as { triggers: Array<{ deliveries: Body[] }> };
      expect(state.triggers[0]!.deliveries).toMatchObject([{ tag: "v1", status: "PENDING", attempts: 1 }]);
    } finally {
      await patient.close();
    }
  });
});
