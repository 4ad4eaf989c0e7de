/** Everything one running emulator holds: its state and the helpers the pipeline steps share. */

import type { Clock } from "./clock";
import type { CallCounters } from "./counters";
import type { FaultInjector } from "./faults";
import type { KeyIndex } from "./keys";
import type { NonceCache } from "./nonce-cache";
import type { StateStore } from "./persist";
import type { ServiceDefinition } from "./services";
import type { EmulatorState } from "./state";

export interface EmulatorRuntime {
  state: EmulatorState;
  /** By API version. */
  services: ReadonlyMap<string, ServiceDefinition>;
  keys: KeyIndex;
  nonces: NonceCache;
  clock: Clock;
  faults: FaultInjector;
  counters: CallCounters;
  store: StateStore;
  defaultRegion: string;
  /** Bumped on every change, so derived indexes (keys) know to rebuild. */
  revision: number;
}
