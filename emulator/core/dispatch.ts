/**
 * Step 6: run the handler with its CallContext. Authorisation happens inside the handler through
 * `ctx.authorize`, because only the handler knows the resource ARN.
 */

import { createIdentityServices } from "../ram/cross-account";
import { makeAuthorizer } from "./authorize";
import type { Clock } from "./clock";
import { ApiError } from "./context";
import { gatewayErrors } from "./gateway-errors";
import { businessParams, requestRegion, type ParsedRequest } from "./parse-request";
import type { ResolvedCaller } from "./resolve-principal";
import type { Route } from "./route";
import type { ServiceContext } from "./services";
import type { EmulatorState } from "./state";

export interface DispatchInput {
  requestId: string;
  parsed: ParsedRequest;
  route: Route;
  caller: ResolvedCaller;
  state: EmulatorState;
  clock: Clock;
  defaultRegion: string;
  /** Called whenever the handler reports a change. */
  onChange(): void;
}

export async function dispatch(input: DispatchInput): Promise<Record<string, unknown>> {
  const { parsed, route, caller, state } = input;
  const now = input.clock.now();
  const ctx: ServiceContext = {
    requestId: input.requestId,
    product: route.service.product,
    action: route.action,
    version: route.service.version,
    regionId: requestRegion(parsed, input.defaultRegion),
    params: businessParams(parsed),
    caller: caller.principal,
    now,
    authorize: makeAuthorizer(route.service.product, caller, { peer: parsed.peer, now }),
    identity: createIdentityServices(state, () => input.clock.now()),
    changed: input.onChange,
    state,
    cr: state.cr,
    resolved: caller,
    peer: parsed.peer,
  };
  try {
    return await route.handler(ctx);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // A handler bug: report it without echoing parameters (they may hold secrets).
    process.stderr.write(`[emulator] ${route.action} failed: ${(error as Error)?.stack ?? String(error)}\n`);
    throw gatewayErrors.internalError();
  }
}
