/**
 * The request pipeline, as one visible sequence:
 *   parse → route → verify signature → resolve principal → faults → dispatch (authorize inside)
 *   → persist → render.
 * Each step lives in its own file; an ApiError from any step is rendered once, at the end.
 */

import type { IncomingMessage } from "node:http";
import { ApiError, type Product } from "./context";
import { dispatch } from "./dispatch";
import { gatewayErrors } from "./gateway-errors";
import { newRequestId } from "./ids";
import { parseRequest, requestRegion, type ParsedRequest } from "./parse-request";
import { renderError, renderSuccess, type RenderedResponse, type ResponseFormat } from "./render";
import { resolvePrincipal } from "./resolve-principal";
import { routeRequest } from "./route";
import type { EmulatorRuntime } from "./runtime";
import { verifySignature } from "./verify-signature";

/** What the server should do: send a response, or drop the connection (an injected reset). */
export type Outcome = { kind: "respond"; response: RenderedResponse } | { kind: "reset" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function formatOf(parsed: ParsedRequest | undefined): ResponseFormat {
  return parsed?.scheme === "v1" && parsed.params.Format?.toLowerCase() === "xml" ? "xml" : "json";
}

export async function handleApiCall(runtime: EmulatorRuntime, req: IncomingMessage, body: Buffer): Promise<Outcome> {
  const requestId = newRequestId();
  let parsed: ParsedRequest | undefined;
  let product: Product | undefined;
  let hostId = req.headers.host ?? "";
  let dirty = false;
  try {
    if (req.method !== "GET" && req.method !== "POST") {
      throw new ApiError("UnsupportedHTTPMethod", `The HTTP method ${req.method ?? ""} is not supported; use GET or POST.`, 403);
    }
    // 1. parse
    parsed = parseRequest(req, body);
    // 2. route (every request that gets this far is counted, rejected or not)
    runtime.counters.count(parsed.action ?? "(none)");
    const route = routeRequest(parsed, runtime.services);
    product = route.service.product;
    hostId = route.service.hostId(requestRegion(parsed, runtime.defaultRegion));
    // 3. verify signature
    const verified = verifySignature(parsed, {
      lookupKey: (id) => runtime.keys.lookup(runtime.state, runtime.revision, id),
      nonces: runtime.nonces,
      wallNowMs: Date.now(),
      serviceNowMs: runtime.clock.now().getTime(),
    });
    // 4. resolve principal
    const caller = resolvePrincipal(runtime.state, verified.owner, verified.accessKeyId);
    // 5. faults
    const fault = runtime.faults.active ? runtime.faults.decide(route.action) : undefined;
    if (fault) {
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.outcome === "reset") return { kind: "reset" };
      if (fault.outcome === "throttle") {
        const response = renderError(gatewayErrors.throttled(), { requestId, hostId, product }, formatOf(parsed));
        response.headers["x-acs-retry-after"] = String(fault.retryAfterMs);
        return { kind: "respond", response };
      }
      if (fault.outcome === "error") {
        const error = fault.errorStatus === 500 ? gatewayErrors.internalError() : gatewayErrors.serviceUnavailable();
        return { kind: "respond", response: renderError(error, { requestId, hostId, product }, formatOf(parsed)) };
      }
    }
    // 6. dispatch (the handler authorises)
    let result: Record<string, unknown>;
    try {
      result = await dispatch({
        requestId,
        parsed,
        route,
        caller,
        state: runtime.state,
        clock: runtime.clock,
        defaultRegion: runtime.defaultRegion,
        onChange: () => {
          dirty = true;
          runtime.revision++;
        },
      });
    } finally {
      // 7. persist: whatever changed is durable before anyone hears about it.
      if (dirty) await runtime.store.save(runtime.state);
    }
    // An injected reset after commit: the change happened, but the caller never hears of it.
    if (fault?.resetAfterCommit) {
      runtime.faults.noteResetAfterCommit();
      return { kind: "reset" };
    }
    // 8. render
    return { kind: "respond", response: renderSuccess(route.service.product, route.action, requestId, result, formatOf(parsed)) };
  } catch (error) {
    const apiError = error instanceof ApiError ? error : reportUnexpected(error);
    return { kind: "respond", response: renderError(apiError, { requestId, hostId, product }, formatOf(parsed)) };
  }
}

function reportUnexpected(error: unknown): ApiError {
  process.stderr.write(`[emulator] internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return gatewayErrors.internalError();
}
