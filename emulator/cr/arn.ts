/**
 * Resource ARNs for `ctx.authorize` (acr-api.md §4.1; seed 003 "Authentication rules"). The region
 * and account are the caller's: an instance anywhere else is invisible to them anyway. Namespaces
 * use the `repository/` prefix, as the docs show.
 */

import type { CrCallContext } from "./params";

function base(ctx: CrCallContext): string {
  return `acs:cr:${ctx.regionId}:${ctx.caller.accountId}`;
}

export const arn = {
  /** For actions the docs authorize on all resources (ListInstance, GetAuthorizationToken, …). */
  all: "*",
  instance: (ctx: CrCallContext, instanceId: string) => `${base(ctx)}:instance/${instanceId}`,
  /** The target side of a replication, in the target account and region (seed 000's policy Resource). */
  targetInstance: (regionId: string, uid: string, instanceId: string) => `acs:cr:${regionId}:${uid}:instance/${instanceId}`,
  /** Instance-wide repository resource: sync rules and tasks. */
  repositories: (ctx: CrCallContext, instanceId: string) => `${base(ctx)}:repository/${instanceId}`,
  /** Everything in an instance: `ListNamespace`, or `ListRepository` without a namespace. */
  instanceChildren: (ctx: CrCallContext, instanceId: string) => `${base(ctx)}:repository/${instanceId}/*`,
  namespace: (ctx: CrCallContext, instanceId: string, namespace: string) => `${base(ctx)}:repository/${instanceId}/${namespace}`,
  namespaceChildren: (ctx: CrCallContext, instanceId: string, namespace: string) =>
    `${base(ctx)}:repository/${instanceId}/${namespace}/*`,
  repository: (ctx: CrCallContext, instanceId: string, namespace: string, repo: string) =>
    `${base(ctx)}:repository/${instanceId}/${namespace}/${repo}`,
};
