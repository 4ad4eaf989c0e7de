import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import type { AuthorizationTokenResult } from "./args";

export interface GetAuthorizationTokenArgs {
  instanceId: pulumi.Input<string>;
  /** Registry host for the docker config; default: the instance's internet domain. */
  registry?: pulumi.Input<string>;
  /** 1-24; default 1. */
  expiresInHours?: pulumi.Input<number>;
  /** Overrides the stack's alicloud:* config, as on every resource. */
  connection?: pulumi.Input<Connection>;
}

export interface GetAuthorizationTokenResult {
  registry: pulumi.Output<string>;
  username: pulumi.Output<string>;
  /** Secret. */
  password: pulumi.Output<string>;
  expiresAt: pulumi.Output<number>;
  /** Secret: `{"auths":{registry:{username,password,auth}}}` for @pulumi/docker registryAuth or a k8s pull secret. */
  dockerConfigJson: pulumi.Output<string>;
}

const CONFIG_KEYS = ["region", "accessKey", "secretKey", "securityToken", "profile", "assumeRole", "endpoints"];

/**
 * The sdk (undici, zod, signing) loads only when a program calls this function: every program
 * requires this package, and most never need it (about a quarter second of start-up otherwise).
 */
async function load() {
  const [clients, connection, redact, fetch] = await Promise.all([import("../../clients.js"), import("../../connection.js"), import("../../redact.js"), import("./fetch.js")]);
  return { ...clients, ...connection, ...redact, ...fetch };
}

/** The program's own alicloud:* stack config (functions run in the program, not the provider process). */
function stackConnection(connectionFromStackConfig: (raw: Record<string, string>) => Connection): Connection {
  const raw: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = pulumi.runtime.getConfig(`alicloud:${key}`);
    if (value !== undefined) raw[`alicloud:${key}`] = value;
  }
  return connectionFromStackConfig(raw);
}

/**
 * Temporary `docker login` credentials for an instance (GetAuthorizationToken). The token and the
 * docker config are secrets. Each run issues a fresh token.
 */
export function getAuthorizationToken(args: GetAuthorizationTokenArgs): GetAuthorizationTokenResult {
  const result: pulumi.Output<AuthorizationTokenResult> = pulumi.output(args).apply(async (plain) => {
    const { buildClients, connectionFromStackConfig, fetchAuthorizationToken, mergeConnection, parseAuthorizationTokenArgs, redactError, secretValues } = await load();
    const parsed = parseAuthorizationTokenArgs(plain);
    const connection = mergeConnection(parsed.connection, stackConnection(connectionFromStackConfig));
    // Own clients, closed afterwards: an open pool would keep the program alive after it is done.
    const clients = buildClients(connection);
    try {
      return await fetchAuthorizationToken(clients, parsed);
    } catch (error) {
      throw redactError(error, secretValues({ connection }));
    } finally {
      await clients.close();
    }
  });
  return {
    registry: result.registry,
    username: result.username,
    password: pulumi.secret(result.password),
    expiresAt: result.expiresAt,
    dockerConfigJson: pulumi.secret(result.dockerConfigJson),
  };
}
