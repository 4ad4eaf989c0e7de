/**
 * `--state DIR` persistence: every acknowledged write survives a SIGKILL at any moment. A child
 * emulator takes a stream of concurrent CreatePolicy calls and is killed mid-stream at a seeded
 * random moment; after a restart on the same directory every acknowledged policy is there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { spawnEmulator, type ChildEmulator } from "./child";
import { rawV3 } from "./harness";

const RAM = "2015-05-01";
const dir = mkdtempSync(join(tmpdir(), "emu-state-"));
const children: ChildEmulator[] = [];

afterAll(() => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function policiesIn(emulator: ChildEmulator): Promise<Set<string>> {
  const response = await request(`${emulator.endpoint}/__emulator/state`);
  const state = (await response.body.json()) as { accounts: Record<string, { ram: { policies: Record<string, { policyName: string }> } }> };
  const uid = emulator.ready.accounts[0]!.uid;
  return new Set(Object.values(state.accounts[uid]!.ram.policies).map((p) => p.policyName));
}

/** A small seeded PRNG so the kill moments repeat from run to run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

describe("persistence", () => {
  it(
    "keeps every acknowledged create and delete across kill -9 at random moments",
    async () => {
      const random = prng(20240601);
      const mustExist = new Set<string>();
      const mustNotExist = new Set<string>();
      const check = (present: Set<string>) => {
        expect([...mustExist].filter((name) => !present.has(name))).toEqual([]);
        expect([...mustNotExist].filter((name) => present.has(name))).toEqual([]);
      };
      let acknowledgedWrites = 0;

      for (let cycle = 0; cycle < 3; cycle++) {
        const emulator = await spawnEmulator(["--state", dir]);
        children.push(emulator);
        // Everything acknowledged before the previous kill survived it.
        check(await policiesIn(emulator));

        const owner = emulator.ready.accounts[0]!;
        const credentials = { accessKeyId: owner.accessKeyId, accessKeySecret: owner.accessKeySecret };
        const document = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "cr:Get*", Resource: "*" }] });
        const call = (action: string, query: Record<string, string>) => rawV3(emulator, { version: RAM, action, query, credentials });
        let stop = false;
        // Each lane creates policies and deletes nine in ten again, so the stream can run long
        // without reaching the policy quota, and deletions are tested as well as creations.
        const lane = async (id: number) => {
          for (let i = 0; !stop && i < 5000; i++) {
            const name = `c${cycle}-l${id}-${i}`;
            try {
              const created = await call("CreatePolicy", { PolicyName: name, PolicyDocument: document });
              expect(created.status).toBe(200);
              mustExist.add(name);
              acknowledgedWrites++;
              if (i % 10 === 0) continue;
              const deleting = mustExist.delete(name); // in flight: either outcome is fine
              const deleted = await call("DeletePolicy", { PolicyName: name });
              expect(deleted.status).toBe(200);
              if (deleting) mustNotExist.add(name);
              acknowledgedWrites++;
            } catch (error) {
              if (stop) return; // The process died under this request: not acknowledged.
              throw error;
            }
          }
        };
        const lanes = [0, 1, 2, 3].map((id) => lane(id));
        // Kill mid-stream: once this cycle has some acknowledged writes (bounded wait, so a slow
        // machine still gets there), then after a seeded random extra moment.
        const startWrites = acknowledgedWrites;
        const deadline = Date.now() + 20_000;
        while (acknowledgedWrites - startWrites < 12 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 300)));
        stop = true;
        emulator.child.kill("SIGKILL");
        await Promise.all(lanes);
        expect((await emulator.exited).signal).toBe("SIGKILL");
      }

      const last = await spawnEmulator(["--state", dir]);
      children.push(last);
      check(await policiesIn(last));
      expect(acknowledgedWrites).toBeGreaterThanOrEqual(36);
      expect(mustExist.size).toBeGreaterThan(0);
      expect(mustNotExist.size).toBeGreaterThan(0);
      last.child.kill("SIGTERM");
      expect((await last.exited).code).toBe(0);
    },
    180_000,
  );
});
