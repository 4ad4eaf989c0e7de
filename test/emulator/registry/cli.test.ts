/** The CLI's ready line names each instance's registry, which answers at once; --no-registry turns them off. */
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { spawnEmulator, type ChildEmulator } from "../core/child";

const children: ChildEmulator[] = [];
afterAll(() => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
});

describe("emulator CLI and the data plane", () => {
  it("lists a distinct reachable 127.0.0.1 registry per instance in the ready line", async () => {
    const emulator = await spawnEmulator([]);
    children.push(emulator);
    const hosts = emulator.ready.accounts.flatMap((a) => a.instances.map((i) => i.registry));
    expect(hosts.length).toBeGreaterThan(1);
    expect(new Set(hosts).size).toBe(hosts.length);
    for (const host of hosts) {
      expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
      const ping = await request(`http://${host}/v2/`);
      expect(ping.statusCode).toBe(401);
      expect(ping.headers["www-authenticate"]).toContain(`realm="http://${host}/service/token"`);
      await ping.body.dump();
    }
    emulator.child.kill("SIGTERM");
  });

  it("starts without registries when asked", async () => {
    const emulator = await spawnEmulator(["--no-registry"]);
    children.push(emulator);
    expect(emulator.ready.accounts.flatMap((a) => a.instances.map((i) => i.registry)).every((r) => r === null)).toBe(true);
    emulator.child.kill("SIGTERM");
  });
});
