/**
 * `GET /service/token?service=…&scope=repository:<name>:pull,push`: Basic credentials (or none)
 * in, a bearer token out, granting only the actions the login may take on each repository
 * (docker token spec: `token` and `access_token`, `expires_in` seconds, `issued_at`).
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import type { InstanceRecord } from "../cr/state";
import { entry } from "../cr/lookup";
import { basicCredentials, grantedActions, unauthorized, type GateDeps } from "./auth/gate";
import type { RegistryAction, RegistryIdentity } from "./auth/identity";
import { TOKEN_LIFETIME_MS } from "./auth/tokens";
import { parseRepoName } from "./cr-bridge";
import { drain, sendJson } from "./http";

function requestedScopes(url: URL): Array<{ name: string; actions: RegistryAction[] }> {
  const scopes: Array<{ name: string; actions: RegistryAction[] }> = [];
  for (const value of url.searchParams.getAll("scope")) {
    for (const scope of value.split(" ")) {
      const match = /^repository(?:\([^)]*\))?:(.+):([a-z*,]+)$/.exec(scope);
      if (!match) continue;
      const actions = new Set<RegistryAction>();
      for (const action of match[2]!.split(",")) {
        if (action === "pull" || action === "*") actions.add("pull");
        if (action === "push" || action === "*" || action === "delete") actions.add("push");
      }
      scopes.push({ name: match[1]!, actions: [...actions] });
    }
  }
  return scopes;
}

export function handleTokenRequest(gate: GateDeps, req: IncomingMessage, res: ServerResponse, url: URL, instance: InstanceRecord): void {
  drain(req);
  const port = Number(url.port);
  let identity: RegistryIdentity = { kind: "anonymous" };
  if (req.headers.authorization) {
    const basic = basicCredentials(req.headers.authorization);
    const verified = basic && gate.verifier.verify(instance.instanceId, basic.username, basic.password, gate.now());
    if (!verified) throw unauthorized(port, instance, "wrong user name or password, or the temporary token expired");
    identity = verified;
  }
  const access: Record<string, RegistryAction[]> = {};
  for (const scope of requestedScopes(url)) {
    let address;
    try {
      address = parseRepoName(scope.name);
    } catch {
      continue;
    }
    const namespace = entry(instance.namespaces, address.namespace);
    const repo = namespace ? entry(namespace.repositories, address.repo) : undefined;
    const granted = grantedActions(gate, { caller: { identity }, instance, address, repo, peer: req.socket.remoteAddress ?? "", port }, scope.actions);
    access[scope.name] = [...new Set([...(access[scope.name] ?? []), ...granted])];
  }
  const now = gate.now();
  const expiresAt = Math.min(now + TOKEN_LIFETIME_MS, identity.kind === "principal" && identity.expireTime ? identity.expireTime : Infinity);
  const token = gate.signer.sign({ instanceId: instance.instanceId, identity, access, expiresAt });
  sendJson(res, 200, {
    token,
    access_token: token,
    expires_in: Math.max(1, Math.floor((expiresAt - now) / 1000)),
    issued_at: new Date(now).toISOString(),
  });
}
