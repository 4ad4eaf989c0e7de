/**
 * A client that pauses between two calls on the same kept-alive socket must not find it closed:
 * the official @alicloud/openapi-client (retries off, its own module-wide keep-alive agent) and a
 * plain keep-alive agent against an instance registry, idle 6 s and 30 s. With Node's default 5 s
 * idle timeout the second call failed with ECONNRESET (socket hang up).
 */
import { Agent, get } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { HEADERS_TIMEOUT_MS, IDLE_KEEP_ALIVE_MS } from "../../../emulator/core/http-server";
import { v3Driver } from "../cr/official-drivers";

const IDLE_PERIODS_MS = [6_000, 30_000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One emulator per idle period, so both waits run at once and each client's socket is its own.
let emulators: RunningEmulator[] = [];
beforeAll(async () => {
  emulators = await Promise.all(IDLE_PERIODS_MS.map(() => startEmulator({})));
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
});

function owner(emulator: RunningEmulator) {
  const account = emulator.seed.accounts[0]!;
  return { keys: { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret }, instance: account.instances[0]! };
}

/** GET /v2/ on a kept-alive socket; resolves with the status and whether the socket was a reused one. */
function registryPing(registry: string, agent: Agent): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = get(`http://${registry}/v2/`, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on("error", reject);
  });
}

describe.concurrent("emulator servers keep idle connections like a cloud gateway", () => {
  it("keep idle sockets at least 65 s, with the header timeout above it", () => {
    expect(IDLE_KEEP_ALIVE_MS).toBeGreaterThanOrEqual(65_000);
    expect(HEADERS_TIMEOUT_MS).toBeGreaterThan(IDLE_KEEP_ALIVE_MS);
  });

  it("the official openapi-client, retries off, calls again after 6 s and 30 s idle", async () => {
    await Promise.all(
      IDLE_PERIODS_MS.map(async (idleMs, i) => {
        const { keys, instance } = owner(emulators[i]!);
        const driver = v3Driver(emulators[i]!.port);
        const params = { RegionId: instance.regionId, InstanceId: instance.instanceId };
        expect((await driver.call("ListNamespace", params, keys)).ok).toBe(true);
        await sleep(idleMs);
        const again = await driver.call("ListNamespace", params, keys);
        expect(again.ok, `after ${idleMs} ms idle`).toBe(true);
      }),
    );
  }, 60_000);

  it("an instance registry answers on the same socket after 6 s and 30 s idle", async () => {
    await Promise.all(
      IDLE_PERIODS_MS.map(async (idleMs, i) => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          const registry = owner(emulators[i]!).instance.registry!;
          expect((await registryPing(registry, agent)).reused).toBe(false);
          await sleep(idleMs);
          const again = await registryPing(registry, agent);
          expect(again.status, `after ${idleMs} ms idle`).toBe(401);
          expect(again.reused, "the kept-alive socket was used").toBe(true);
        } finally {
          agent.destroy();
        }
      }),
    );
  }, 60_000);
});
