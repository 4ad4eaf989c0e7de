/**
 * The emulator's public entry: `startEmulator()` serves CR 2018-12-01, RAM 2015-05-01 and
 * STS 2015-04-01 on one loopback port, seeded with fake accounts (emulator/seed/default.json),
 * plus one OCI registry per instance on its own loopback port (emulator/registry).
 */

import { launchEmulator, type EmulatorOptions, type RunningEmulator } from "./core/emulator";
import { createCrService } from "./cr";
import { startDataPlane } from "./registry";
import { createSyncExecutor } from "./replication";

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const cr = createCrService();
  const emulator = await launchEmulator(cr, options, async (runtime) => {
    const dataPlane = await startDataPlane(runtime, { stateDir: options.stateDir, syncExecutor: () => cr.syncExecutor(), webhooks: options.webhooks });
    const executor = createSyncExecutor(runtime, dataPlane);
    cr.setSyncExecutor(executor);
    // Running copies stop before their registries do, so no task is failed by the shutdown itself.
    return { ...dataPlane, stop: () => (executor.stop(), dataPlane.stop()) };
  });
  return emulator;
}

export type {
  AdminHelpers,
  EmulatorOptions,
  ResolvedAccount,
  ResolvedInstance,
  ResolvedSeed,
  RunningEmulator,
} from "./core/emulator";
export type { DataPlane } from "./registry";
export type { FaultConfig, FaultRule, RegistryFaultRule } from "./core/faults";
export type { SeedAccount, SeedFile, SeedInstance, SeedUser } from "./core/seed";
export { ApiError, crError } from "./core/context";
export type { CallContext, Handler, IdentityServices, Principal, Product } from "./core/context";
