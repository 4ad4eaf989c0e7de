/**
 * The auth check every registry route passes: read the Authorization header (Basic: a login;
 * Bearer: a token from our token endpoint), then decide the action on the repository. No or bad
 * credentials where some are needed: 401 with the Bearer challenge ACR sends. Known caller, action
 * not allowed: 403 DENIED.
 */

import type { IncomingMessage } from "node:http";
import type { EmulatorState } from "../../core/state";
import type { InstanceRecord, RepositoryRecord } from "../../cr/state";
import type { RepoAddress } from "../cr-bridge";
import { RegistryApiError } from "../errors";
import type { RegistryAction, RegistryIdentity } from "./identity";
import type { LoginVerifier } from "./login";
import { allowedActions } from "./permissions";
import type { TokenGrant, TokenSigner } from "./tokens";

export interface Caller {
  identity: RegistryIdentity;
  /** Present for Bearer requests: the token's grant decides. */
  grant?: TokenGrant;
}

export interface GateDeps {
  state: () => EmulatorState;
  verifier: LoginVerifier;
  signer: TokenSigner;
  now: () => number;
}

export function serviceName(instance: { regionId: string; instanceId: string }): string {
  return `registry.aliyuncs.com:${instance.regionId}:${instance.instanceId}`;
}

export function challenge(port: number, instance: { regionId: string; instanceId: string }, scope?: string): Record<string, string> {
  const parts = [`realm="http://127.0.0.1:${port}/service/token"`, `service="${serviceName(instance)}"`];
  if (scope) parts.push(`scope="${scope}"`);
  return { "www-authenticate": `Bearer ${parts.join(",")}` };
}

export function unauthorized(port: number, instance: InstanceRecord, message: string, scope?: string): RegistryApiError {
  return new RegistryApiError(401, "UNAUTHORIZED", message, null, challenge(port, instance, scope));
}

/** Basic credentials from a header, or undefined when it is not Basic or malformed. */
export function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Who is calling; throws 401 for credentials that do not check out. */
export function identify(deps: GateDeps, req: IncomingMessage, port: number, instance: InstanceRecord): Caller {
  const header = req.headers.authorization;
  if (!header) return { identity: { kind: "anonymous" } };
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) {
    const grant = deps.signer.verify(bearer[1]!, instance.instanceId, deps.now());
    if (!grant) throw unauthorized(port, instance, "the bearer token is invalid or expired; request a new one from the token endpoint");
    return { identity: grant.identity, grant };
  }
  const basic = basicCredentials(header);
  if (!basic) throw unauthorized(port, instance, "the Authorization header must be Basic or Bearer");
  const identity = deps.verifier.verify(instance.instanceId, basic.username, basic.password, deps.now());
  if (!identity) {
    throw unauthorized(port, instance, "wrong user name or password, or the temporary token expired; set the password with ResetLoginPassword or get a token with GetAuthorizationToken");
  }
  return { identity };
}

export interface AccessCheck {
  caller: Caller;
  instance: InstanceRecord;
  address: RepoAddress;
  repo: RepositoryRecord | undefined;
  peer: string;
  port: number;
}

function policyActions(deps: GateDeps, check: AccessCheck, wanted: readonly RegistryAction[]): RegistryAction[] {
  return allowedActions(
    {
      state: deps.state(),
      identity: check.caller.identity,
      instance: check.instance,
      address: check.address,
      repo: check.repo,
      peer: check.peer,
      now: new Date(deps.now()),
    },
    wanted,
  );
}

export function grantedActions(deps: GateDeps, check: AccessCheck, wanted: readonly RegistryAction[]): RegistryAction[] {
  const { caller } = check;
  if (!caller.grant) return policyActions(deps, check, wanted);
  // A token carries what was granted when it was issued; public pulls stay open regardless.
  const granted = caller.grant.access[check.address.name] ?? [];
  return wanted.filter((action) => granted.includes(action) || (action === "pull" && check.repo?.repoType === "PUBLIC"));
}

/** Throws unless every wanted action is allowed. */
export function requireAccess(deps: GateDeps, check: AccessCheck, wanted: readonly RegistryAction[]): void {
  const granted = grantedActions(deps, check, wanted);
  if (wanted.every((action) => granted.includes(action))) return;
  const scope = `repository:${check.address.name}:${wanted.join(",")}`;
  const anonymous = check.caller.identity.kind === "anonymous";
  // A token that merely lacks the scope: the client should fetch one for it (the login may allow it).
  const couldGet = !anonymous && policyActions(deps, check, wanted).length === wanted.length;
  if (anonymous || (check.caller.grant && couldGet)) {
    const header = challenge(check.port, check.instance, scope)["www-authenticate"]!;
    throw new RegistryApiError(
      401,
      "UNAUTHORIZED",
      anonymous ? `authentication required to ${wanted.join(" and ")} ${check.address.name}` : `the token does not grant ${wanted.join(",")} on ${check.address.name}`,
      null,
      { "www-authenticate": anonymous ? header : `${header},error="insufficient_scope"` },
    );
  }
  const action = wanted.includes("push") && !granted.includes("push") ? "PushRepository" : "PullRepository";
  throw new RegistryApiError(
    403,
    "DENIED",
    `requested access to ${check.address.name} (${wanted.join(",")}) is denied for this login; its RAM policies must allow cr:${action} on the repository`,
  );
}
