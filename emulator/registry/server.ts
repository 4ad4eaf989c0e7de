/**
 * One instance's registry: a node:http server on 127.0.0.1, routing `/v2/…` and the token
 * endpoint, applying data-plane faults first and rendering every RegistryApiError as an OCI error.
 */

import { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createEmulatorServer } from "../core/http-server";
import type { AddressInfo } from "node:net";
import type { EmulatorRuntime } from "../core/runtime";
import type { InstanceRecord } from "../cr/state";
import { identify, unauthorized, type GateDeps } from "./auth/gate";
import type { RegistryIdentity } from "./auth/identity";
import type { RequestContext } from "./context";
import type { CrBridge } from "./cr-bridge";
import { RegistryApiError } from "./errors";
import { endpointRefusal } from "./endpoint-acl";
import { drain, send, sendError, sendJson } from "./http";
import type { InstanceRegistry } from "./instance-registry";
import { listCatalog } from "./handlers/catalog";
import { route } from "./routes";
import { handleTokenRequest } from "./token-endpoint";

export interface ServerDeps {
  runtime: EmulatorRuntime;
  bridge: CrBridge;
  gate: GateDeps;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function handle(deps: ServerDeps, store: InstanceRegistry, port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
  const method = req.method ?? "GET";
  deps.runtime.registryRequests.count(`${store.instanceId} ${method} ${url.pathname}`);
  const faults = deps.runtime.faults;
  const fault = faults.registryActive ? faults.decideRegistry(store.instanceId, method, url.pathname) : undefined;
  if (fault) {
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.outcome === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault.outcome === "error") {
      drain(req);
      sendJson(res, fault.status, { errors: [{ code: "UNAVAILABLE", message: "injected data-plane fault", detail: null }] });
      return;
    }
  }
  const instance = deps.bridge.instance(store.instanceId);
  if (!instance) {
    drain(req);
    sendJson(res, 404, { errors: [{ code: "NAME_UNKNOWN", message: `instance ${store.instanceId} no longer exists`, detail: null }] });
    return;
  }
  const peer = req.socket.remoteAddress ?? "";
  if (url.pathname === "/service/token") {
    refuseOutsideEndpoint(req, instance, peer, identityOrAnonymous(deps, req, port, instance));
    await handleTokenRequest(deps.gate, req, res, url, instance);
    return;
  }
  const caller = identify(deps.gate, req, port, instance);
  refuseOutsideEndpoint(req, instance, peer, caller.identity);
  const ctx: RequestContext = { req, res, url, port, peer, instance, store, bridge: deps.bridge, gate: deps.gate, caller, fault };
  if (url.pathname === "/v2/" || url.pathname === "/v2") {
    drain(req);
    if (caller.identity.kind === "anonymous") throw unauthorized(port, instance, "authentication required");
    send(res, 200, { "content-type": "application/json" }, "{}");
    return;
  }
  if (url.pathname === "/v2/_catalog") {
    if (caller.identity.kind === "anonymous") throw unauthorized(port, instance, "authentication required to list repositories");
    await listCatalog(ctx);
    return;
  }
  await route(ctx);
}

/** The internet endpoint's switch and ACL (endpoint-acl.ts), checked before any registry work. */
function refuseOutsideEndpoint(req: IncomingMessage, instance: InstanceRecord, peer: string, identity: RegistryIdentity): void {
  const refusal = endpointRefusal(instance, peer, identity);
  if (!refusal) return;
  drain(req);
  throw refusal;
}

/** For the token endpoint, which authenticates by itself: only whether this is the sync executor matters. */
function identityOrAnonymous(deps: ServerDeps, req: IncomingMessage, port: number, instance: InstanceRecord): RegistryIdentity {
  try {
    return identify(deps.gate, req, port, instance).identity;
  } catch {
    return { kind: "anonymous" };
  }
}

export interface RunningRegistry {
  instanceId: string;
  host: string;
  server: Server;
  close(): Promise<void>;
}

export async function startInstanceRegistry(deps: ServerDeps, store: InstanceRegistry): Promise<RunningRegistry> {
  let port = 0;
  const server = createEmulatorServer((req, res) => {
    handle(deps, store, port, req, res).catch((error: unknown) => {
      if (error instanceof RegistryApiError) {
        drain(req);
        if (!res.headersSent) sendError(res, error, req.method === "HEAD");
        else res.destroy();
        return;
      }
      process.stderr.write(`[emulator registry] ${req.method} ${req.url} failed: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ code: "UNKNOWN", message: "internal error", detail: null }] });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    instanceId: store.instanceId,
    host: `127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
