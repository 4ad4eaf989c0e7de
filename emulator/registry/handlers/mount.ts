/**
 * Cross-repository mount (`POST …/blobs/uploads/?mount=<digest>[&from=<repo>]`): links a blob
 * already stored for another repository of this instance instead of moving its bytes again.
 */

import { requireAccess } from "../auth/gate";
import type { RequestContext } from "../context";
import { parseRepoName } from "../cr-bridge";
import { send } from "../http";
import { linkBlob, parseDigest, type RepoAccess } from "./common";

/** Whether the caller's login (not just its token's scopes) may pull `name`, and the blob is linked there. */
async function canMountFrom(ctx: RequestContext, name: string, digest: string): Promise<boolean> {
  let address;
  try {
    address = parseRepoName(name);
  } catch {
    return false;
  }
  const { repo } = ctx.bridge.lookup(ctx.instance.instanceId, address);
  try {
    // Clients rarely ask for a token covering the source repository; the login decides.
    requireAccess(ctx.gate, { caller: { identity: ctx.caller.identity }, instance: ctx.instance, address, repo, peer: ctx.peer, port: ctx.port }, ["pull"]);
  } catch {
    return false;
  }
  return ctx.store.meta.view(name, repo?.repoId)?.blobs[digest] === true;
}

/**
 * `?mount=<digest>&from=<repo>` links a blob from another repository of this instance; without
 * `from`, any repository the caller may pull that holds it will do. True when linked; false means
 * "open an ordinary upload instead" (202), as the spec allows.
 */
export async function tryMount(ctx: RequestContext, access: RepoAccess): Promise<boolean> {
  const mount = ctx.url.searchParams.get("mount");
  if (!mount) return false;
  const digest = parseDigest(mount, "mount");
  if ((await ctx.store.blobs.size(digest)) === undefined) return false;
  const from = ctx.url.searchParams.get("from");
  const candidates = from ? [from] : ctx.store.meta.names().filter((name) => name !== access.address.name);
  let found = false;
  for (const candidate of candidates) {
    if (await canMountFrom(ctx, candidate, digest)) {
      found = true;
      break;
    }
  }
  if (!found) return false;
  await linkBlob(ctx, access, digest);
  send(ctx.res, 201, { location: `/v2/${access.address.name}/blobs/${digest}`, "docker-content-digest": digest });
  return true;
}

