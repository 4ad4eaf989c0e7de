/**
 * R1: a ~220-resource, two-account stack converges in one `up` while the emulator throttles 30 % of
 * API calls, answers 5 % with HTTP 503, and resets 2 % of connections before and 2 % after the
 * change was made. Afterwards the emulator holds exactly the declared objects (no duplicate, no
 * orphan), refresh and a no-change preview pass, and destroy under the same faults leaves nothing.
 *
 * `npm test` runs fault seed 1; `npm run test:reliability` runs seeds 1, 2 and 3 (ACR_FAULT_SEEDS).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { RegistryClient } from "../../sdk/oci";
import { v3Driver } from "../emulator/cr/official-drivers";
import { pushImage } from "../emulator/replication/support";
import { openEngineProgram, type EngineProgram } from "../provider/engine-harness";
import { startRegistry, type TestRegistry } from "../support/registry";
import { A_INSTANCE, FULL_STACK, faultStackProgram } from "./fault-stack";
import { inventory, expectedAfterDestroy, expectedAfterUp, type Inventory } from "./inventory";

const FAULTS = { throttleRate: 0.3, errorRate: 0.05, resetRate: 0.02, resetAfterCommitRate: 0.02 };
const SEEDS = (process.env.ACR_FAULT_SEEDS ?? "1").split(",").map(Number);
const LOGIN = { username: "syncer", password: "Fault-Source-Pass-7" };

describe.each(SEEDS)("a 220-resource stack under throttling, 5xx and resets (fault seed %i)", (seed) => {
  let emulator: RunningEmulator;
  let source: TestRegistry;
  let program: EngineProgram | undefined;
  let before: Inventory;
  const pulumi: EngineProgram["pulumi"] = (args, options) => program!.pulumi(args, options);
  const keys = (i: number) => ({ accessKeyId: emulator.seed.accounts[i]!.accessKeyId, accessKeySecret: emulator.seed.accounts[i]!.accessKeySecret });

  beforeAll(async () => {
    [emulator, source] = await Promise.all([startEmulator({}), startRegistry({ basicAuth: LOGIN })]);
    const sourceClient = new RegistryClient({ registry: source.url, credentials: LOGIN });
    for (const tag of ["v1", "v2"]) await pushImage(sourceClient, "library/app", tag, [4096]);
    await sourceClient.close();
    // A's pre-existing images: `shared/app:v1` for the manual copy, and the ImageSync's target namespace.
    const cr = v3Driver(emulator.port);
    for (const name of ["shared", "mirror"]) await cr.call("CreateNamespace", { RegionId: "cn-hangzhou", InstanceId: A_INSTANCE, NamespaceName: name, AutoCreateRepo: true }, keys(0));
    const token = (await cr.call("GetAuthorizationToken", { RegionId: "cn-hangzhou", InstanceId: A_INSTANCE }, keys(0))).body;
    const registryA = new RegistryClient({ registry: `http://${emulator.dataPlane.hostFor(A_INSTANCE)!}`, credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string } });
    await pushImage(registryA, "shared/app", "v1", [4096]);
    await registryA.close();
    before = inventory(emulator.admin.state(), emulator.seed);

    program = await openEngineProgram(`faults-${seed}`, faultStackProgram(FULL_STACK));
    await program.setConfig([
      ["endpoints", JSON.stringify({ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint })],
      ["aKey", keys(0).accessKeyId],
      ["aSecret", keys(0).accessKeySecret, true],
      ["bKey", keys(1).accessKeyId],
      ["bSecret", keys(1).accessKeySecret, true],
      ["aUid", emulator.seed.accounts[0]!.uid],
      ["syncSource", `${source.host}/library/app`],
      ["syncTarget", `${emulator.dataPlane.hostFor(A_INSTANCE)!}/mirror/app`],
      ["syncUser", LOGIN.username],
      ["syncPassword", LOGIN.password, true],
    ]);
    emulator.admin.resetCounters();
    emulator.admin.setFaults({ seed, global: FAULTS });
  }, 300_000);

  afterAll(async () => {
    emulator?.admin.setFaults({});
    await program?.dispose();
    await Promise.all([emulator?.stop(), source?.close()]);
  }, 300_000);

  it("converges in one up and leaves exactly the declared objects", async () => {
    const started = Date.now();
    const up = await pulumi(["up", "--yes", "--skip-preview", "--parallel", "16"], { allowFailure: true });
    const seconds = (Date.now() - started) / 1000;
    const calls = Object.values(emulator.admin.counters()).reduce((sum, n) => sum + n, 0);
    const injected = emulator.admin.faultsInjected();
    console.info(`fault seed ${seed}: up took ${seconds.toFixed(1)} s over ${calls} API calls; injected ${JSON.stringify(injected)}`);
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    // The proof is only as strong as the faults that really fired: every kind, many times.
    expect(injected.throttle).toBeGreaterThan(0.2 * calls);
    for (const kind of ["error", "reset", "resetAfterCommit"] as const) expect(injected[kind], kind).toBeGreaterThan(5);
    expect(inventory(emulator.admin.state(), emulator.seed)).toEqual(expectedAfterUp(before, FULL_STACK));
  }, 900_000);

  it("refresh changes nothing and a preview then expects no changes", async () => {
    await pulumi(["refresh", "--yes", "--skip-preview"]);
    await pulumi(["preview", "--expect-no-changes"]);
  }, 600_000);

  it("destroy under the same faults leaves nothing the stack made", async () => {
    emulator.admin.setFaults({ seed, global: FAULTS }); // restarts the fault counts for this step
    const started = Date.now();
    await pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
    const injected = emulator.admin.faultsInjected();
    console.info(`fault seed ${seed}: destroy took ${((Date.now() - started) / 1000).toFixed(1)} s; injected ${JSON.stringify(injected)}`);
    expect(injected.throttle + injected.error + injected.reset).toBeGreaterThan(20);
    expect(inventory(emulator.admin.state(), emulator.seed)).toEqual(expectedAfterDestroy(before));
  }, 900_000);
});
