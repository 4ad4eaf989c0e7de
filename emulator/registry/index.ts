/**
 * The emulator's data plane: one OCI distribution registry per instance, each on its own
 * 127.0.0.1 port, storing blobs under `<stateDir>/registry/<instanceId>/` (or in memory). The CR
 * state stays the source of truth for repositories and tags; GetInstanceEndpoint reports each
 * registry's host.
 */

import type { EmulatorRuntime } from "../core/runtime";
import { setRegistryHost, type SyncExecutor } from "../cr";
import type { CrState } from "../cr/state";
import type { GateDeps } from "./auth/gate";
import { LoginVerifier, newSystemCredentials } from "./auth/login";
import { TokenSigner } from "./auth/tokens";
import { CrBridge } from "./cr-bridge";
import type { DataPlane } from "./data-plane";
import "./handlers";
import { InstanceRegistry } from "./instance-registry";
import { startInstanceRegistry, type RunningRegistry } from "./server";
import { DEFAULT_WEBHOOK_OPTIONS, WebhookSender, type WebhookOptions } from "./webhook-sender";

export interface DataPlaneOptions {
  /** The emulator's state directory; without it blobs stay in memory. */
  stateDir?: string;
  /** The sync executor attached to the CR service now (passive tasks a push triggers go to it). */
  syncExecutor?: () => SyncExecutor | undefined;
  /** Webhook retry and timeout settings; each defaults to DEFAULT_WEBHOOK_OPTIONS'. */
  webhooks?: Partial<WebhookOptions>;
}

export async function startDataPlane(runtime: EmulatorRuntime, options: DataPlaneOptions = {}): Promise<DataPlane> {
  const systemCredentials = newSystemCredentials();
  const webhooks = new WebhookSender(runtime, { ...DEFAULT_WEBHOOK_OPTIONS, ...options.webhooks });
  const bridge = new CrBridge(runtime, options.syncExecutor ?? (() => undefined), webhooks);
  const gate: GateDeps = {
    state: () => runtime.state,
    verifier: new LoginVerifier(() => runtime.state, systemCredentials),
    signer: new TokenSigner(),
    now: () => runtime.clock.now().getTime(),
  };
  const registries = new Map<string, RunningRegistry>();
  const stores: InstanceRegistry[] = [];
  try {
    for (const instanceId of Object.keys((runtime.state.cr as CrState).instances)) {
      const store = new InstanceRegistry(instanceId, options.stateDir);
      stores.push(store);
      const running = await startInstanceRegistry({ runtime, bridge, gate }, store);
      registries.set(instanceId, running);
      setRegistryHost(runtime.state.cr as CrState, instanceId, running.host);
    }
  } catch (error) {
    await Promise.all([...registries.values()].map((r) => r.close()));
    throw error;
  }
  return {
    hostFor: (instanceId) => registries.get(instanceId)?.host,
    systemCredentials,
    stop: async () => {
      await webhooks.stop();
      await Promise.all([...registries.values()].map((r) => r.close()));
      await Promise.all(stores.map((s) => s.closeUploads()));
    },
  };
}

export type { DataPlane } from "./data-plane";
export { NO_DATA_PLANE } from "./data-plane";
