/**
 * What the pipeline hands each product: the CallContext of context.ts plus the state the handler
 * needs. RAM and STS handlers see the whole state; the CR handlers (emulator/cr) read `cr`.
 */

import type { CallContext, Product } from "./context";
import type { ResolvedCaller } from "./resolve-principal";
import type { EmulatorState } from "./state";

export interface ServiceContext extends CallContext {
  state: EmulatorState;
  /** The CR service's state object (emulator/cr owns its type). */
  cr: unknown;
  /** The caller with its IDs, for GetCallerIdentity and trust checks. */
  resolved: ResolvedCaller;
  /** TCP peer address, for `acs:SourceIp`. */
  peer: string;
}

export type ServiceHandler = (ctx: ServiceContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface ServiceDefinition {
  product: Product;
  version: string;
  /** `HostId` in error envelopes: the product's public endpoint for the region. */
  hostId(regionId: string): string;
  handlers: Record<string, ServiceHandler>;
}
