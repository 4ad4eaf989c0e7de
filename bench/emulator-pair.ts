/** Emulator instance → emulator instance, for bench/copy-vs-skopeo.ts. */

import type { Pair } from "./copy-vs-skopeo";

export async function startEmulatorPair(): Promise<Pair> {
  throw new Error("the emulator has no per-instance registries yet");
}
