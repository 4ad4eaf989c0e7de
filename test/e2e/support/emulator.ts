/** A fresh in-process emulator for one example, from a seed file under test/e2e/seeds/ (or the default seed). */
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import type { Keys } from "./example-stack";

export type { RunningEmulator };

export function startSeeded(seed?: string): Promise<RunningEmulator> {
  return startEmulator(seed ? { seed: path.join(__dirname, "..", "seeds", seed) } : {});
}

export function accountKeys(emulator: RunningEmulator, name: string): Keys & { uid: string } {
  const account = emulator.seed.accounts.find((a) => a.name === name);
  if (!account) throw new Error(`the seed has no account ${name}`);
  return { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret, uid: account.uid };
}

/** Calls the emulator served since the last reset, summed over actions. */
export function totalCalls(emulator: RunningEmulator): number {
  return Object.values(emulator.admin.counters()).reduce((sum, n) => sum + n, 0);
}
