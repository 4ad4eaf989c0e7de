/**
 * For suites that call the provider's clients directly: a default-seed emulator started before the
 * suite (or describe block) that calls this and stopped after it, with the provider's cached
 * clients closed first so no keep-alive socket outlives it.
 */
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { closeAllClients } from "../../provider/clients";

/** Registers the hooks; the returned function gives the running emulator inside tests. */
export function useSuiteEmulator(): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({});
  });
  afterAll(async () => {
    await closeAllClients();
    await emulator?.stop();
  });
  return () => {
    if (!emulator) throw new Error("the suite emulator is not running (used outside a test?)");
    return emulator;
  };
}

/** CR, RAM and STS all served by the emulator, as a connection's `endpoints`. */
export const emulatorEndpoints = (emulator: RunningEmulator) => ({ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint });
