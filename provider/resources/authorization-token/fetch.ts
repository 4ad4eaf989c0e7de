/** The plain part of getAuthorizationToken(): one sdk call, plus the registry domain when not given. */
import type { AcrClients } from "../../clients";
import { ProviderError } from "../../errors";
import { issuesToFailures } from "../../failures";
import { authorizationTokenArgs, type AuthorizationTokenArgs, type AuthorizationTokenResult } from "./args";

/** Validate the arguments without any call; the error names every bad field. */
export function parseAuthorizationTokenArgs(args: unknown): AuthorizationTokenArgs {
  const parsed = authorizationTokenArgs.safeParse(args);
  if (parsed.success) return parsed.data;
  const failures = issuesToFailures(parsed.error.issues);
  throw new ProviderError(`getAuthorizationToken: ${failures.map((f) => f.reason).join("; ")}`, { field: failures[0]?.property, code: "InvalidArgument" });
}

/** The config.json docker and Kubernetes pull secrets read. */
export function dockerConfigJson(registry: string, username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString("base64");
  return JSON.stringify({ auths: { [registry]: { username, password, auth } } });
}

export async function fetchAuthorizationToken(clients: AcrClients, args: AuthorizationTokenArgs): Promise<AuthorizationTokenResult> {
  const token = await clients.cr.getAuthorizationToken({ InstanceId: args.instanceId, ExpiresInHours: args.expiresInHours });
  let registry = args.registry;
  if (!registry) {
    const endpoint = await clients.cr.getInstanceEndpoint({ InstanceId: args.instanceId, EndpointType: "internet", ModuleName: "Registry" });
    registry = endpoint.Domains.find((d) => d.Type === "SYSTEM")?.Domain ?? endpoint.Domains[0]?.Domain;
    if (!registry) throw new ProviderError(`instance ${args.instanceId} has no internet registry domain: pass registry explicitly`, { field: "registry" });
  }
  return {
    registry,
    username: token.TempUsername,
    password: token.AuthorizationToken,
    expiresAt: token.ExpireTime ?? Date.now() + (args.expiresInHours ?? 1) * 3_600_000,
    dockerConfigJson: dockerConfigJson(registry, token.TempUsername, token.AuthorizationToken),
  };
}
