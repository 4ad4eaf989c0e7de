/**
 * The CLI contract: exactly one JSON ready line on stdout listing the seeded accounts in seed order,
 * `--seed` to replace the seed, a clean exit 0 on SIGTERM and SIGINT.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import defaultSeed from "../../../emulator/seed/default.json";
import { spawnEmulator, type ChildEmulator } from "./child";
import { rawV1 } from "./harness";

const dir = mkdtempSync(join(tmpdir(), "emu-cli-"));
const children: ChildEmulator[] = [];
afterAll(() => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("emulator CLI", () => {
  it("prints one ready line with the default seed's accounts in order, serves calls, and exits 0 on SIGTERM", async () => {
    const emulator = await spawnEmulator([]);
    children.push(emulator);
    const { ready } = emulator;
    expect(Object.keys(ready)).toEqual(["ready", "endpoint", "accounts"]);
    expect(ready.ready).toBe(true);
    expect(ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.accounts.map((a) => a.name)).toEqual(defaultSeed.accounts.map((a) => a.name));
    for (const [i, account] of ready.accounts.entries()) {
      const seeded = defaultSeed.accounts[i]!;
      expect(Object.keys(account)).toEqual(["name", "uid", "accessKeyId", "accessKeySecret", "instances"]);
      expect(account).toMatchObject({ uid: seeded.uid, accessKeyId: seeded.accessKeyId, accessKeySecret: seeded.accessKeySecret });
      expect(account.uid).toMatch(/^\d{16}$/);
      expect(account.instances).toEqual(seeded.instances.map((s) => ({ instanceId: s.instanceId, regionId: s.regionId, edition: s.edition, registry: expect.stringMatching(/^127\.0\.0\.1:\d+$/) })));
    }

    const whoAmI = await rawV1(emulator, {
      version: "2015-04-01",
      action: "GetCallerIdentity",
      credentials: { accessKeyId: ready.accounts[1]!.accessKeyId, accessKeySecret: ready.accounts[1]!.accessKeySecret },
    });
    expect(whoAmI.body.AccountId).toBe(ready.accounts[1]!.uid);

    emulator.child.kill("SIGTERM");
    expect((await emulator.exited).code).toBe(0);
    expect(emulator.stdoutLines).toHaveLength(1);
  }, 90_000);

  it("takes --seed and --port, and exits 0 on SIGINT", async () => {
    const seedFile = join(dir, "seed.json");
    writeFileSync(
      seedFile,
      JSON.stringify({
        accounts: [
          {
            name: "Solo",
            uid: "3000000000000003",
            accessKeyId: "LTAIEMUSOLOOWNER00000001",
            accessKeySecret: "EmuFakeSecretSolo",
            users: [],
            instances: [{ instanceId: "cri-emusolo000000001", instanceName: "solo", regionId: "cn-beijing", edition: "Standard" }],
          },
        ],
      }),
    );
    const emulator = await spawnEmulator(["--seed", seedFile, "--port", "0"]);
    children.push(emulator);
    expect(emulator.ready.accounts.map((a) => a.uid)).toEqual(["3000000000000003"]);
    expect(emulator.ready.accounts[0]!.instances[0]).toMatchObject({ instanceId: "cri-emusolo000000001", edition: "Standard" });
    emulator.child.kill("SIGINT");
    expect((await emulator.exited).code).toBe(0);
  }, 90_000);

  it("refuses an invalid seed with a message and a non-zero exit", async () => {
    const seedFile = join(dir, "bad-seed.json");
    writeFileSync(seedFile, JSON.stringify({ accounts: [{ name: "x", uid: "12" }] }));
    await expect(spawnEmulator(["--seed", seedFile])).rejects.toThrow(/uid must be 16 digits/);
  }, 90_000);
});
