/**
 * sdk clients for one connection (a resource's `connection` merged over the stack config), built
 * with the sdk credential chain and cached per connection fingerprint, so every resource with the
 * same connection shares one connection pool and one credential cache.
 */
import { createHash } from "node:crypto";
import { createClients, type CrClient, type RamClient, type StsClient } from "../sdk/clients";
import { createCredentialChain } from "../sdk/credentials";
import type { Connection } from "./connection";
import { ProviderError } from "./errors";

export interface AcrClients {
  cr: CrClient;
  ram: RamClient;
  sts: StsClient;
  /** The caller's account (STS GetCallerIdentity), fetched once per connection. */
  accountId(): Promise<string>;
  close(): Promise<void>;
}

/** Environment variables the Alibaba Cloud CLI, Terraform and @pulumi/alicloud read for the region. */
const REGION_ENV = ["ALICLOUD_REGION", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION_ID"];

/** The region to use: the connection's, else the environment's; the message says where to set it. */
export function resolveRegion(connection: Connection, env: NodeJS.ProcessEnv = process.env): string {
  const region = connection.region ?? REGION_ENV.map((name) => env[name]).find((value) => value);
  if (!region) {
    throw new ProviderError("connection.region is not set: set `pulumi config set alicloud:region cn-hangzhou`, the resource's connection.region, or ALICLOUD_REGION", {
      field: "connection.region",
      code: "MissingRegion",
    });
  }
  return region;
}

/** A stable hash of the connection: a cache key that never holds or prints the secret itself. */
export function connectionFingerprint(connection: Connection): string {
  const canonical = JSON.stringify(connection, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

/** Build clients for a connection (uncached). */
export function buildClients(connection: Connection): AcrClients {
  const region = resolveRegion(connection);
  const role = connection.assumeRole;
  const credentials = createCredentialChain({
    accessKeyId: connection.accessKey,
    accessKeySecret: connection.secretKey,
    securityToken: connection.securityToken,
    profile: connection.profile,
    assumeRole: role && {
      roleArn: role.roleArn,
      sessionName: role.sessionName,
      externalId: role.externalId,
      durationSeconds: role.sessionExpiration,
      policy: role.policy,
    },
    stsEndpoint: connection.endpoints?.sts,
    region,
  });
  const clients = createClients({ region, endpoints: connection.endpoints, credentials, userAgent: "pulumi-acr-ee" });
  let account: Promise<string> | undefined;
  return {
    ...clients,
    accountId() {
      account ??= clients.sts.getCallerIdentity().then(
        (identity) => identity.AccountId,
        (error: unknown) => ((account = undefined), Promise.reject(error)),
      );
      return account;
    },
  };
}

const cache = new Map<string, AcrClients>();

/** Clients for this connection, shared by every caller with the same fingerprint. */
export function clientsFor(connection: Connection): AcrClients {
  const key = connectionFingerprint(connection);
  let clients = cache.get(key);
  if (!clients) {
    clients = buildClients(connection);
    cache.set(key, clients);
  }
  return clients;
}

/** Close every cached pool (tests, and the end of a provider process). */
export async function closeAllClients(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map((c) => c.close()));
}
