/**
 * The emulator's public entry: `startEmulator()` serves CR 2018-12-01, RAM 2015-05-01 and
 * STS 2015-04-01 on one loopback port, seeded with fake accounts (emulator/seed/default.json).
 */

import { launchEmulator, type EmulatorOptions, type RunningEmulator } from "./core/emulator";
import { createCrService } from "./cr";

export function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return launchEmulator(createCrService(), options);
}

export type {
  AdminHelpers,
  EmulatorOptions,
  ResolvedAccount,
  ResolvedInstance,
  ResolvedSeed,
  RunningEmulator,
} from "./core/emulator";
export type { FaultConfig, FaultRule } from "./core/faults";
export type { SeedAccount, SeedFile, SeedInstance, SeedUser } from "./core/seed";
export { ApiError, crError } from "./core/context";
export type { CallContext, Handler, IdentityServices, Principal, Product } from "./core/context";
