/** What one registry request handler gets: the request, the instance's stores and the shared services. */

import type { IncomingMessage, ServerResponse } from "node:http";
import type { InstanceRecord } from "../cr/state";
import type { Caller, GateDeps } from "./auth/gate";
import type { CrBridge } from "./cr-bridge";
import type { RegistryFaultDecision } from "../core/faults";
import type { InstanceRegistry } from "./instance-registry";

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  port: number;
  peer: string;
  instance: InstanceRecord;
  store: InstanceRegistry;
  bridge: CrBridge;
  gate: GateDeps;
  caller: Caller;
  /** An injected data-plane fault for this request (only corrupt/truncate reach handlers). */
  fault: RegistryFaultDecision | undefined;
}
