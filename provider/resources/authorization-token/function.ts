import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { withProgramClients } from "../program-clients";
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

/** Loaded when the function runs, like the sdk (see program-clients.ts). */
const loadFetch = () => import("./fetch.js");

/**
 * Temporary `docker login` credentials for an instance (GetAuthorizationToken). The token and the
 * docker config are secrets. Each run issues a fresh token.
 */
export function getAuthorizationToken(args: GetAuthorizationTokenArgs): GetAuthorizationTokenResult {
  const result: pulumi.Output<AuthorizationTokenResult> = pulumi.output(args).apply(async (plain) => {
    const { fetchAuthorizationToken, parseAuthorizationTokenArgs } = await loadFetch();
    const parsed = parseAuthorizationTokenArgs(plain);
    return withProgramClients(parsed.connection, (clients) => fetchAuthorizationToken(clients, parsed));
  });
  return {
    registry: result.registry,
    username: result.username,
    password: pulumi.secret(result.password),
    expiresAt: result.expiresAt,
    dockerConfigJson: pulumi.secret(result.dockerConfigJson),
  };
}
