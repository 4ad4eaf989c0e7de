/** Everything one running emulator holds: its state and the helpers the pipeline steps share. */

import type { Clock } from "./clock";
import type { CallCounters } from "./counters";
import type { FaultInjector } from "./faults";
import type { KeyIndex } from "./keys";
import type { NonceCache } from "./nonce-cache";
import type { StateStore } from "./persist";
import type { ServiceDefinition } from "./services";
import type { EmulatorState } from "./state";

/** What an admin route a service adds answers; `changed` makes the endpoint persist the state first. */
export interface AdminRouteResult {
  status: number;
  body: unknown;
  changed: boolean;
}

/** Work a service does besides answering API calls (tag retention runs, for CR). */
export interface ServiceJobs {
  /** Runs after every move of the service clock; true when it changed the state. */
  onClockMoved(now: Date): boolean;
  /** Extra admin routes, keyed `METHOD path` as core/admin.ts routes them (`POST lifecycle-rules/run`). */
  adminRoutes: Record<string, (body: unknown, now: Date) => AdminRouteResult>;
}

export const NO_JOBS: ServiceJobs = { onClockMoved: () => false, adminRoutes: {} };

export interface EmulatorRuntime {
  state: EmulatorState;
  /** By API version. */
  services: ReadonlyMap<string, ServiceDefinition>;
  keys: KeyIndex;
  nonces: NonceCache;
  clock: Clock;
  faults: FaultInjector;
  counters: CallCounters;
  /**
   * Data-plane requests by `<instanceId> <METHOD> <path>`, counted before faults apply, so a test
   * can tell which blobs a copy moved (or re-moved after a failure) from the registry's side.
   */
  registryRequests: CallCounters;
  store: StateStore;
  defaultRegion: string;
  /** Bumped on every change, so derived indexes (keys) know to rebuild. */
  revision: number;
  jobs: ServiceJobs;
}
