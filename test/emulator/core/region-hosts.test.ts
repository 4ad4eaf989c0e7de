/**
 * CR knows the region from the host a request is addressed to (`cr.<region>.aliyuncs.com`); none
 * of the official request structs has a RegionId. These tests reach every seeded region the way
 * the real gateway is reached: the unmodified official pop-core client addressed to the regional
 * host (its TCP connection redirected to the emulator's port), a request in proxy form, and our
 * own sdk through the single-URL endpoint override the provider supports.
 */

import http from "node:http";
import net from "node:net";
import RPCClient from "@alicloud/pop-core";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClients, type Clients } from "../../../sdk/clients";
import { signV1 } from "../../../sdk/signing";
import { ownerKeys, start, type Keys, type RunningEmulator } from "./harness";

let emulator: RunningEmulator;
const openClients: Clients[] = [];
beforeAll(async () => {
  emulator = await start();
});
afterAll(async () => {
  for (const clients of openClients) await clients.close();
  await emulator?.stop();
});

/** Every connection goes to the emulator, whatever host the client addressed. */
class EmulatorAgent extends http.Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: false });
  }
  override createConnection(_options: unknown, callback?: (err: Error | null, socket: net.Socket) => void): net.Socket {
    const socket = net.connect({ host: "127.0.0.1", port: this.port });
    if (callback) socket.once("connect", () => callback(null, socket));
    return socket;
  }
}

async function popCoreListInstance(region: string, keys: Keys): Promise<{ instances: Array<{ InstanceId: string; RegionId: string }>; code?: string }> {
  const client = new RPCClient({ endpoint: `http://cr.${region}.aliyuncs.com`, apiVersion: "2018-12-01", ...keys });
  const body = await client.request<{ Instances?: Array<{ InstanceId: string; RegionId: string }> }>("ListInstance", {}, {
    method: "POST",
    agent: new EmulatorAgent(emulator.port),
  } as never);
  return { instances: body.Instances ?? [] };
}

const seeded = () =>
  emulator.seed.accounts.flatMap((account, index) => account.instances.map((instance) => ({ index, ...instance })));

describe("CR routes by the regional host", () => {
  it("the official client addressed to cr.<region>.aliyuncs.com lists exactly that account's instances in that region, for every seeded region", async () => {
    const regions = seeded();
    expect(new Set(regions.map((r) => r.regionId)).size).toBeGreaterThanOrEqual(3);
    for (const { index, regionId } of regions) {
      const { instances } = await popCoreListInstance(regionId, ownerKeys(emulator, index));
      const expected = emulator.seed.accounts[index]!.instances.filter((i) => i.regionId === regionId).map((i) => i.instanceId);
      expect(instances.map((i) => i.InstanceId).sort()).toEqual(expected.sort());
      expect(new Set(instances.map((i) => i.RegionId))).toEqual(new Set([regionId]));
    }
  });

  it("an instance asked for through another region's host is not found, as the real service answers", async () => {
    const shanghai = seeded().find((i) => i.regionId === "cn-shanghai")!;
    const client = new RPCClient({ endpoint: "http://cr.cn-hangzhou.aliyuncs.com", apiVersion: "2018-12-01", ...ownerKeys(emulator, shanghai.index) });
    const outcome = await client
      .request("GetInstance", { InstanceId: shanghai.instanceId }, { method: "POST", agent: new EmulatorAgent(emulator.port) } as never)
      .then(
        () => ({ code: "none" }),
        (e: { code?: string }) => ({ code: String(e.code) }),
      );
    expect(outcome.code).toBe("INSTANCE_NOT_EXIST");
  });

  it("a request in proxy form names its regional host in the request line", async () => {
    const shanghai = seeded().find((i) => i.regionId === "cn-shanghai")!;
    const params = signV1({ method: "GET", action: "GetInstance", version: "2018-12-01", params: { InstanceId: shanghai.instanceId }, credentials: ownerKeys(emulator, shanghai.index) });
    const body = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: emulator.port, method: "GET", path: `http://cr.cn-shanghai.aliyuncs.com/?${new URLSearchParams(params)}` },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>));
        },
      );
      req.on("error", reject);
      req.end();
    });
    // Addressed by the Host header alone (127.0.0.1, the default region cn-hangzhou) this is INSTANCE_NOT_EXIST.
    expect(body).toMatchObject({ IsSuccess: true, InstanceId: shanghai.instanceId });
  });

  it("our sdk reaches every seeded region through one emulator URL without sending RegionId", async () => {
    const seen: string[] = [];
    const server = http.createServer(async (req, res) => {
      // A recording hop in front of the emulator: what our client puts on the wire.
      seen.push(`${req.headers.host} ${req.url}`);
      const upstream = await request(`${emulator.endpoint}${req.url}`, { method: req.method as "POST", headers: req.headers as Record<string, string> });
      res.writeHead(upstream.statusCode, { "content-type": "application/json" });
      res.end(Buffer.from(await upstream.body.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    try {
      for (const { index, regionId, instanceId } of seeded()) {
        const keys = ownerKeys(emulator, index);
        const clients = createClients({ region: regionId, credentials: async () => ({ ...keys, source: "test" }), endpoints: { cr: url, ram: url, sts: url } });
        openClients.push(clients);
        const instance = await clients.cr.getInstance({ InstanceId: instanceId });
        expect(instance.InstanceId).toBe(instanceId);
      }
    } finally {
      server.close();
    }
    expect(seen.length).toBe(seeded().length);
    for (const line of seen) {
      expect(line).toMatch(/^cr\.[a-z0-9-]+\.aliyuncs\.com \//);
      expect(line).not.toMatch(/[?&]RegionId=/);
    }
  });
});
