/**
 * `GET /service/token?service=…&scope=repository:<name>:pull,push`: Basic credentials (or none)
 * in, a bearer token out, granting only the actions the login may take on each repository
 * (docker token spec: `token` and `access_token`, `expires_in` seconds, `issued_at`). Also the
 * OAuth2 form `POST` (`grant_type=password&username=…&password=…&scope=…`) containerd prefers.
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import type { InstanceRecord } from "../cr/state";
import { entry } from "../cr/lookup";
import { basicCredentials, grantedActions, unauthorized, type GateDeps } from "./auth/gate";
import type { RegistryAction, RegistryIdentity } from "./auth/identity";
import { TOKEN_LIFETIME_MS } from "./auth/tokens";
import { parseRepoName } from "./cr-bridge";
import { RegistryApiError } from "./errors";
import { drain, readCappedBody, sendJson } from "./http";

function requestedScopes(url: URL | URLSearchParams): Array<{ name: string; actions: RegistryAction[] }> {
  const scopes: Array<{ name: string; actions: RegistryAction[] }> = [];
  const params = url instanceof URL ? url.searchParams : url;
  for (const value of params.getAll("scope")) {
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

/** The login and scopes of a token request: Basic header and query (GET), or an OAuth2 password form (POST). */
async function tokenRequest(req: IncomingMessage, url: URL): Promise<{ login?: { username: string; password: string }; scopes: URL | URLSearchParams }> {
  if (req.method !== "POST") {
    drain(req);
    return { login: req.headers.authorization ? (basicCredentials(req.headers.authorization) ?? { username: "", password: "" }) : undefined, scopes: url };
  }
  const form = new URLSearchParams((await readCappedBody(req, 64 * 1024)).toString("utf8"));
  if (form.get("grant_type") !== "password") {
    throw new RegistryApiError(400, "UNSUPPORTED", "only grant_type=password is supported on POST; or GET with Basic credentials");
  }
  return { login: { username: form.get("username") ?? "", password: form.get("password") ?? "" }, scopes: form };
}

export async function handleTokenRequest(gate: GateDeps, req: IncomingMessage, res: ServerResponse, url: URL, instance: InstanceRecord): Promise<void> {
  const port = Number(url.port);
  const { login, scopes } = await tokenRequest(req, url);
  let identity: RegistryIdentity = { kind: "anonymous" };
  if (login) {
    const verified = gate.verifier.verify(instance.instanceId, login.username, login.password, gate.now());
    if (!verified) throw unauthorized(port, instance, "wrong user name or password, or the temporary token expired");
    identity = verified;
  }
  const access: Record<string, RegistryAction[]> = {};
  for (const scope of requestedScopes(scopes)) {
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
