/**
 * Routing: ONE port serves every product, chosen by the API version (V1 `Version` parameter or V3
 * `x-acs-version` header); the action must be one of that product's. Unknown versions are
 * `InvalidVersion`, unknown actions `InvalidAction.NotFound`.
 */

import { gatewayErrors as E } from "./gateway-errors";
import type { ParsedRequest } from "./parse-request";
import type { ServiceDefinition, ServiceHandler } from "./services";

export interface Route {
  service: ServiceDefinition;
  action: string;
  handler: ServiceHandler;
}

export function routeRequest(parsed: ParsedRequest, services: ReadonlyMap<string, ServiceDefinition>): Route {
  if (parsed.path !== "/") throw E.actionNotFound();
  if (!parsed.action) throw E.missingParameter(parsed.scheme === "v3" ? "x-acs-action" : "Action");
  if (!parsed.version) throw E.missingParameter(parsed.scheme === "v3" ? "x-acs-version" : "Version");
  const service = services.get(parsed.version);
  if (!service) throw E.invalidVersion();
  const handler = Object.prototype.hasOwnProperty.call(service.handlers, parsed.action) ? service.handlers[parsed.action] : undefined;
  if (!handler) throw E.actionNotFound();
  return { service, action: parsed.action, handler };
}
