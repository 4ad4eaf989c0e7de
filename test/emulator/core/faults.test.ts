/**
 * Fault injection (emulator-only behaviour): seeded and repeatable, per action or global, set from
 * a file at start or through the admin endpoint; plus the per-action counters and the admin
 * endpoint's own rules.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAdmin, isLoopback } from "../../../emulator/core/admin";
import { ownerKeys, rawV3, start, type RunningEmulator } from "./harness";

const STS = "2015-04-01";
const RAM = "2015-05-01";
let emulator: RunningEmulator;

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await request(`${emulator.endpoint}/__emulator/${path}`, {
    method: method as "GET",
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

const whoAmI = () => rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials: ownerKeys(emulator) });

beforeAll(async () => {
  emulator = await start();
});
afterAll(async () => {
  await emulator?.stop();
});

describe("fault injection", () => {
  it("throttles a seeded, repeatable share of one action's calls with Throttling.User and x-acs-retry-after", async () => {
    const config = { seed: 7, actions: { GetCallerIdentity: { throttleRate: 0.5, retryAfterMs: 250 } } };
    const run = async () => {
      expect((await admin("PUT", "faults", config)).status).toBe(200);
      const outcomes: number[] = [];
      for (let i = 0; i < 40; i++) {
        const response = await whoAmI();
        outcomes.push(response.status);
        if (response.status !== 200) {
          expect(response.body.Code).toBe("Throttling.User");
          expect(response.headers["x-acs-retry-after"]).toBe("250");
        }
      }
      return outcomes;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const throttled = first.filter((s) => s === 400).length;
    expect(throttled).toBeGreaterThan(5);
    expect(throttled).toBeLessThan(35);

    // Another seed gives another sequence.
    await admin("PUT", "faults", { ...config, seed: 8 });
    const other: number[] = [];
    for (let i = 0; i < 40; i++) other.push((await whoAmI()).status);
    expect(other).not.toEqual(first);
    await admin("DELETE", "faults");
  });

  it("leaves other actions alone when a rule names one action", async () => {
    emulator.admin.setFaults({ actions: { GetRole: { errorRate: 1 } } });
    try {
      expect((await whoAmI()).status).toBe(200);
    } finally {
      emulator.admin.setFaults({});
    }
  });

  it("answers a 5xx without running the handler", async () => {
    emulator.admin.setFaults({ global: { errorRate: 1, errorStatus: 503 } });
    const before = JSON.stringify(emulator.admin.state());
    const trust = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }] });
    const response = await rawV3(emulator, { version: RAM, action: "CreateRole", query: { RoleName: "Faulted", AssumeRolePolicyDocument: trust }, credentials: ownerKeys(emulator) });
    emulator.admin.setFaults({});
    expect({ status: response.status, code: response.body.Code }).toEqual({ status: 503, code: "ServiceUnavailable" });
    expect(JSON.stringify(emulator.admin.state())).toBe(before);
  });

  it("resets the connection before the handler runs, or after the change is committed", async () => {
    const trust = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }] });
    const create = (name: string) => rawV3(emulator, { version: RAM, action: "CreateRole", query: { RoleName: name, AssumeRolePolicyDocument: trust }, credentials: ownerKeys(emulator) });
    const roles = () => Object.keys((emulator.admin.state() as { accounts: Record<string, { ram: { roles: object } }> }).accounts[emulator.seed.accounts[0]!.uid]!.ram.roles);

    emulator.admin.setFaults({ actions: { CreateRole: { resetRate: 1 } } });
    await expect(create("ResetBefore")).rejects.toThrow();
    expect(roles()).not.toContain("resetbefore");

    emulator.admin.setFaults({ actions: { CreateRole: { resetAfterCommitRate: 1 } } });
    await expect(create("ResetAfter")).rejects.toThrow();
    expect(roles()).toContain("resetafter");
    emulator.admin.setFaults({});
  });

  it("adds latency", async () => {
    emulator.admin.setFaults({ global: { latencyMs: 150 } });
    const started = performance.now();
    expect((await whoAmI()).status).toBe(200);
    emulator.admin.setFaults({});
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("refuses an invalid fault configuration", async () => {
    const response = await admin("PUT", "faults", { global: { throttleRate: 2 } });
    expect(response.status).toBe(400);
    expect((await admin("GET", "faults")).body).toEqual({});
  });

  it("loads faults from a file at start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-faults-"));
    const file = join(dir, "faults.json");
    writeFileSync(file, JSON.stringify({ global: { errorRate: 1, errorStatus: 500 } }));
    const faulty = await start({ faults: file });
    try {
      const response = await rawV3(faulty, { version: STS, action: "GetCallerIdentity", credentials: ownerKeys(faulty) });
      expect({ status: response.status, code: response.body.Code }).toEqual({ status: 500, code: "InternalError" });
    } finally {
      await faulty.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("admin endpoint", () => {
  it("counts every API request that reached routing, rejected ones included, and resets on DELETE", async () => {
    expect((await admin("DELETE", "counters")).status).toBe(200);
    await whoAmI();
    await whoAmI();
    await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials: { accessKeyId: "LTAIEMUNOBODY", accessKeySecret: "x" } });
    await rawV3(emulator, { version: RAM, action: "NoSuchAction", credentials: ownerKeys(emulator) });
    expect((await admin("GET", "counters")).body.counters).toEqual({ GetCallerIdentity: 3, NoSuchAction: 1 });
    await admin("DELETE", "counters");
    expect((await admin("GET", "counters")).body.counters).toEqual({});
  });

  it("counts the control-plane faults it injected, by kind, from the last time the rules were set", async () => {
    const inject = async (rule: Record<string, number>, calls: number) => {
      expect((await admin("PUT", "faults", { actions: { GetCallerIdentity: rule } })).status).toBe(200);
      for (let i = 0; i < calls; i++) await whoAmI().catch(() => undefined); // a reset rejects the call
      return (await admin("GET", "counters")).body.faultsInjected;
    };
    expect(await inject({ throttleRate: 1 }, 3)).toEqual({ throttle: 3, error: 0, reset: 0, resetAfterCommit: 0 });
    expect(await inject({ errorRate: 1 }, 2)).toEqual({ throttle: 0, error: 2, reset: 0, resetAfterCommit: 0 });
    expect(await inject({ resetRate: 1 }, 1)).toEqual({ throttle: 0, error: 0, reset: 1, resetAfterCommit: 0 });
    expect(await inject({ resetAfterCommitRate: 1 }, 2)).toEqual({ throttle: 0, error: 0, reset: 0, resetAfterCommit: 2 });
    expect(emulator.admin.faultsInjected()).toEqual({ throttle: 0, error: 0, reset: 0, resetAfterCommit: 2 });
    await admin("DELETE", "faults");
    await whoAmI();
    expect(emulator.admin.faultsInjected()).toEqual({ throttle: 0, error: 0, reset: 0, resetAfterCommit: 0 });
  });

  it("dumps the state with secrets masked", async () => {
    const dump = JSON.stringify((await admin("GET", "state")).body);
    const account = emulator.seed.accounts[0]!;
    expect(dump).toContain(account.accessKeyId);
    expect(dump).not.toContain(account.accessKeySecret);
    expect(dump).toContain("<redacted>");
  });

  it("moves the service clock", async () => {
    const before = Date.parse((await admin("GET", "clock")).body.now as string);
    const after = await admin("POST", "clock", { advanceMs: 3_600_000 });
    expect(Date.parse(after.body.now as string) - before).toBeGreaterThanOrEqual(3_600_000);
    await admin("POST", "clock", { offsetMs: 0 });
  });

  it("answers loopback peers only", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("10.0.0.5")).toBe(false);
    expect(handleAdmin(emulator.runtime, "GET", "/__emulator/state", "192.168.1.20", Buffer.alloc(0)).status).toBe(403);
  });

  it("keeps its own namespace: other paths are not API routes, unknown admin routes are 404", async () => {
    const response = await request(`${emulator.endpoint}/v2/`, { method: "GET" });
    expect(response.statusCode).toBe(404);
    expect(((await response.body.json()) as Record<string, unknown>).Code).toBe("InvalidAction.NotFound");
    expect((await admin("GET", "nope")).status).toBe(404);
  });
});
