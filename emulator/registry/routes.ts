/** `/v2/<name>/…` routing to the handlers. */

import type { RequestContext } from "./context";
import { parseRepoName } from "./cr-bridge";
import { RegistryApiError } from "./errors";
import { drain } from "./http";

export type Handler = (ctx: RequestContext, name: string, param: string) => Promise<void>;

export interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const ROUTES: Route[] = [];

export function addRoutes(routes: Route[]): void {
  ROUTES.push(...routes);
}

export async function route(ctx: RequestContext): Promise<void> {
  const path = ctx.url.pathname;
  const method = ctx.req.method ?? "GET";
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const handler = candidate.methods[method];
    if (!handler) {
      drain(ctx.req);
      throw new RegistryApiError(405, "UNSUPPORTED", `${method} is not supported on ${path}`);
    }
    const name = decodeURIComponent(match[1]!);
    parseRepoName(name);
    await handler(ctx, name, decodeURIComponent(match[2] ?? ""));
    return;
  }
  drain(ctx.req);
  throw new RegistryApiError(404, "UNSUPPORTED", `no registry route ${method} ${path}`);
}
