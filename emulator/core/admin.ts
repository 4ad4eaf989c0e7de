/**
 * The admin endpoint, `/__emulator/...`: a separate path namespace that cloud credentials never
 * reach (API calls are always path `/`), answered only to loopback peers.
 *   GET  health                    liveness
 *   GET  registry-requests | DELETE registry-requests   data-plane requests by instance, method, path
 *   GET  counters | DELETE counters per-action call counters, and the control-plane faults injected
 *                                 since the rules were last set (`faultsInjected`)
 *   GET  state                     state dump, secrets masked
 *   GET  faults | PUT faults | DELETE faults   fault-injection rules (faults.ts): control-plane
 *                                             `global`/`actions`, data-plane `registry` rules
 *   GET  clock | POST clock        service clock; body {"advanceMs":N} or {"offsetMs":N}; moving it
 *                                 runs the services' clock-driven work (due tag-retention rules)
 *   …and the routes a service adds (runtime.jobs.adminRoutes), e.g. POST lifecycle-rules/run.
 * A route that changes the state bumps `runtime.revision`; the server persists before answering.
 */

import { z } from "zod";
import { FaultConfigSchema } from "./faults";
import type { RenderedResponse } from "./render";
import type { EmulatorRuntime } from "./runtime";

export const ADMIN_PREFIX = "/__emulator/";

const ClockChangeSchema = z.union([
  z.object({ advanceMs: z.number().int() }).strict(),
  z.object({ offsetMs: z.number().int() }).strict(),
]);

const SECRET_KEY = /secret|token|password/i;

/** A deep copy with every secret-looking field masked: the dump is for inspection, not for keys. */
export function redactState(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactState);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_KEY.test(key) && (typeof item === "string" || item === null) ? "<redacted>" : redactState(item);
    }
    return out;
  }
  return value;
}

export function isLoopback(address: string): boolean {
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

function json(status: number, body: unknown): RenderedResponse {
  return { status, headers: { "content-type": "application/json;charset=utf-8" }, body: JSON.stringify(body) };
}

function parseBody(body: Buffer): unknown {
  return body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
}

export function handleAdmin(runtime: EmulatorRuntime, method: string, path: string, peer: string, body: Buffer): RenderedResponse {
  if (!isLoopback(peer)) return json(403, { error: "the admin endpoint answers loopback peers only" });
  const route = `${method} ${path.slice(ADMIN_PREFIX.length).replace(/\/+$/, "")}`;
  try {
    switch (route) {
      case "GET health":
        return json(200, { ok: true });
      case "GET counters":
        return json(200, { counters: runtime.counters.snapshot(), faultsInjected: runtime.faults.injected() });
      case "DELETE counters":
        runtime.counters.reset();
        return json(200, { counters: {} });
      case "GET registry-requests":
        return json(200, { requests: runtime.registryRequests.snapshot() });
      case "DELETE registry-requests":
        runtime.registryRequests.reset();
        return json(200, { requests: {} });
      case "GET state":
        return json(200, redactState(runtime.state));
      case "GET faults":
        return json(200, runtime.faults.current());
      case "PUT faults":
        runtime.faults.configure(FaultConfigSchema.parse(parseBody(body)));
        return json(200, runtime.faults.current());
      case "DELETE faults":
        runtime.faults.configure({});
        return json(200, {});
      case "GET clock":
        return json(200, { now: runtime.clock.now().toISOString(), offsetMs: runtime.clock.offsetMs });
      case "POST clock": {
        const change = ClockChangeSchema.parse(parseBody(body));
        runtime.clock.offsetMs = "advanceMs" in change ? runtime.clock.offsetMs + change.advanceMs : change.offsetMs;
        if (runtime.jobs.onClockMoved(runtime.clock.now())) runtime.revision++;
        return json(200, { now: runtime.clock.now().toISOString(), offsetMs: runtime.clock.offsetMs });
      }
      default: {
        const serviceRoute = Object.prototype.hasOwnProperty.call(runtime.jobs.adminRoutes, route) ? runtime.jobs.adminRoutes[route] : undefined;
        if (!serviceRoute) return json(404, { error: `no admin route ${route}` });
        const result = serviceRoute(parseBody(body), runtime.clock.now());
        if (result.changed) runtime.revision++;
        return json(result.status, result.body);
      }
    }
  } catch (error) {
    const detail = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    return json(400, { error: detail });
  }
}
