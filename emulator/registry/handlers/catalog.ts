/**
 * `GET /v2/_catalog?n=&last=`: the instance's repositories (from the CR state) that the caller may
 * pull, in lexical order, paged like tags/list.
 */

import { grantedActions } from "../auth/gate";
import type { RequestContext } from "../context";
import { RegistryApiError } from "../errors";
import { drain, sendJson } from "../http";

export async function listCatalog(ctx: RequestContext): Promise<void> {
  drain(ctx.req);
  const nParam = ctx.url.searchParams.get("n");
  const n = nParam === null ? undefined : Number(nParam);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) throw new RegistryApiError(400, "UNSUPPORTED", `n must be a non-negative integer, got ${nParam}`);
  const last = ctx.url.searchParams.get("last");
  const visible: string[] = [];
  for (const namespace of Object.values(ctx.instance.namespaces)) {
    for (const repo of Object.values(namespace.repositories)) {
      const address = { name: `${namespace.namespaceName}/${repo.repoName}`, namespace: namespace.namespaceName, repo: repo.repoName };
      const check = { caller: { identity: ctx.caller.identity }, instance: ctx.instance, address, repo, peer: ctx.peer, port: ctx.port };
      if (grantedActions(ctx.gate, check, ["pull"]).length) visible.push(address.name);
    }
  }
  let names = visible.sort();
  if (last !== null) names = names.filter((name) => name > last);
  const headers: Record<string, string> = {};
  if (n !== undefined) {
    if (names.length > n && n > 0) headers.link = `</v2/_catalog?n=${n}&last=${encodeURIComponent(names[n - 1]!)}>; rel="next"`;
    names = names.slice(0, n);
  }
  sendJson(ctx.res, 200, { repositories: names }, headers);
}
