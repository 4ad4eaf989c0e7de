/**
 * Assembling a running emulator: seed → state (or the saved state from `stateDir`) → runtime →
 * loopback HTTP server. emulator/index.ts binds this to the real CR service; the core itself only
 * needs something shaped like it.
 */

import { readFileSync } from "node:fs";
import { NO_DATA_PLANE, type DataPlane } from "../registry/data-plane";
import { createRamService } from "../ram";
import { createStsService } from "../sts";
import { redactState } from "./admin";
import { createClock } from "./clock";
import { CallCounters } from "./counters";
import { FaultInjector, type FaultConfig, type InjectedFaults } from "./faults";
import { initialState } from "./initial-state";
import { KeyIndex } from "./keys";
import { loadSeed } from "./load-seed";
import { NonceCache } from "./nonce-cache";
import { StateStore } from "./persist";
import { NO_JOBS, type EmulatorRuntime, type ServiceJobs } from "./runtime";
import type { SeedAccount, SeedFile, SeedInstance, SeedUser } from "./seed";
import { listen } from "./server";
import type { ServiceDefinition, ServiceHandler } from "./services";

/** What emulator/cr provides (`CrService`); handlers may expect the richer context the pipeline passes. */
export interface CrServiceLike {
  version: string;
  handlers: Record<string, (ctx: never) => Record<string, unknown> | Promise<Record<string, unknown>>>;
  initialState(seed: SeedAccount[]): unknown;
  /** Clock-driven work and admin routes over the service's state (CR: tag retention). */
  jobs?(state: unknown): ServiceJobs;
}

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Persist the state here (`state.json`); without it the emulator is memory-only. */
  stateDir?: string;
  /** A seed file path or object; default emulator/seed/default.json. */
  seed?: string | SeedFile;
  /** A fault file path or object (faults.ts). */
  faults?: string | FaultConfig;
  /** Base of the service clock (tests); default Date.now. */
  now?: () => number;
  /** Region when neither RegionId nor a `cr.<region>` host says; default cn-hangzhou. */
  defaultRegion?: string;
  /** Default true: serve one OCI registry per instance (emulator/registry). False: control plane only. */
  registry?: boolean;
  /** Webhook calls after a push: tries per delivery, pauses between them, per-try timeout (registry/webhook-sender.ts). */
  webhooks?: { attempts?: number; retryDelaysMs?: number[]; timeoutMs?: number };
}

/** Starts the data plane once the runtime exists; emulator/index.ts binds it to emulator/registry. */
export type DataPlaneFactory = (runtime: EmulatorRuntime, options: EmulatorOptions) => Promise<DataPlane>;

export interface ResolvedInstance extends SeedInstance {
  registry: string | null;
}

export interface ResolvedAccount {
  name: string;
  uid: string;
  accessKeyId: string;
  accessKeySecret: string;
  users: SeedUser[];
  instances: ResolvedInstance[];
}

export interface ResolvedSeed {
  accounts: ResolvedAccount[];
}

/** In-process equivalents of the admin endpoint. */
export interface AdminHelpers {
  counters(): Record<string, number>;
  resetCounters(): void;
  /** Data-plane requests by `<instanceId> <METHOD> <path>` (runtime.registryRequests). */
  registryRequests(): Record<string, number>;
  resetRegistryRequests(): void;
  /** Control-plane faults injected since the fault rules were last set. */
  faultsInjected(): InjectedFaults;
  /** The state with secrets masked, as `GET /__emulator/state` returns it. */
  state(): unknown;
  setFaults(config: FaultConfig): void;
  advanceClock(ms: number): void;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  port: number;
  seed: ResolvedSeed;
  admin: AdminHelpers;
  runtime: EmulatorRuntime;
  /** The per-instance registries (an empty data plane with `registry: false`). */
  dataPlane: DataPlane;
  stop(): Promise<void>;
}

function crDefinition(cr: CrServiceLike): ServiceDefinition {
  const handlers: Record<string, ServiceHandler> = {};
  // The pipeline passes every CR handler the full ServiceContext, which carries `cr`.
  for (const [action, handler] of Object.entries(cr.handlers)) handlers[action] = handler as unknown as ServiceHandler;
  return { product: "cr", version: cr.version, hostId: (regionId) => `cr.${regionId}.aliyuncs.com`, handlers };
}

function loadFaults(source: EmulatorOptions["faults"]): FaultConfig {
  if (source === undefined) return {};
  return typeof source === "string" ? (JSON.parse(readFileSync(source, "utf8")) as FaultConfig) : source;
}

export async function launchEmulator(
  cr: CrServiceLike,
  options: EmulatorOptions = {},
  startDataPlane?: DataPlaneFactory,
): Promise<RunningEmulator> {
  const seed = loadSeed(options.seed);
  const clock = createClock(options.now);
  const store = new StateStore(options.stateDir);
  const saved = store.load();
  const state = saved ?? initialState(seed, (accounts) => cr.initialState(accounts), clock.now());
  for (const account of seed.accounts) {
    if (!state.accounts[account.uid]) throw new Error(`the saved state in ${options.stateDir} has no account ${account.uid} from the seed`);
  }
  if (!saved) await store.save(state);

  const services = [createRamService(), createStsService(), crDefinition(cr)];
  const runtime: EmulatorRuntime = {
    state,
    services: new Map(services.map((service) => [service.version, service])),
    keys: new KeyIndex(),
    nonces: new NonceCache(),
    clock,
    faults: new FaultInjector(loadFaults(options.faults)),
    counters: new CallCounters(),
    registryRequests: new CallCounters(),
    store,
    defaultRegion: options.defaultRegion ?? "cn-hangzhou",
    revision: 0,
    jobs: cr.jobs?.(state.cr) ?? NO_JOBS,
  };
  const server = await listen(runtime, options.port ?? 0);
  let dataPlane = NO_DATA_PLANE;
  if (startDataPlane && options.registry !== false) {
    try {
      dataPlane = await startDataPlane(runtime, options);
    } catch (error) {
      await server.close();
      throw error;
    }
  }

  const resolved: ResolvedSeed = {
    accounts: seed.accounts.map((account) => ({
      name: account.name,
      uid: account.uid,
      accessKeyId: account.accessKeyId,
      accessKeySecret: account.accessKeySecret,
      users: account.users,
      instances: account.instances.map((instance) => ({
        ...instance,
        registry: dataPlane.hostFor(instance.instanceId) ?? null,
      })),
    })),
  };
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    seed: resolved,
    runtime,
    dataPlane,
    admin: {
      counters: () => runtime.counters.snapshot(),
      resetCounters: () => runtime.counters.reset(),
      registryRequests: () => runtime.registryRequests.snapshot(),
      resetRegistryRequests: () => runtime.registryRequests.reset(),
      faultsInjected: () => runtime.faults.injected(),
      state: () => redactState(runtime.state),
      setFaults: (config) => runtime.faults.configure(config),
      advanceClock: (ms) => {
        clock.offsetMs += ms;
        if (runtime.jobs.onClockMoved(clock.now())) {
          runtime.revision++;
          runtime.store.save(runtime.state).catch((error: unknown) => process.stderr.write(`[emulator] saving after a clock move failed: ${String(error)}\n`));
        }
      },
    },
    stop: async () => {
      await Promise.all([server.close(), dataPlane.stop()]);
    },
  };
}
