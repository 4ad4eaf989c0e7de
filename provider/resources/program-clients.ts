/**
 * Functions (getAuthorizationToken, getInstance, ...) run in the program, not the provider process:
 * they read the program's own alicloud:* stack config and open their own clients. The sdk (undici,
 * zod, signing) loads only when a program calls one: every program requires this package, and most
 * never call a function (about a quarter second of start-up otherwise).
 */
import * as pulumi from "@pulumi/pulumi";
import type { AcrClients } from "../clients";
import type { Connection } from "../connection";

const CONFIG_KEYS = ["region", "accessKey", "secretKey", "securityToken", "profile", "assumeRole", "endpoints"];

async function load() {
  const [clients, connection, redact] = await Promise.all([import("../clients.js"), import("../connection.js"), import("../redact.js")]);
  return { ...clients, ...connection, ...redact };
}

/**
 * Run `work` with clients for `own` merged over the stack config, closed afterwards (an open pool
 * would keep the program alive after it is done); secrets are scrubbed from whatever it throws.
 */
export async function withProgramClients<T>(own: Connection | undefined, work: (clients: AcrClients, region: string) => Promise<T>): Promise<T> {
  const { buildClients, connectionFromStackConfig, mergeConnection, redactError, resolveRegion, secretValues } = await load();
  const raw: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = pulumi.runtime.getConfig(`alicloud:${key}`);
    if (value !== undefined) raw[`alicloud:${key}`] = value;
  }
  const connection = mergeConnection(own, connectionFromStackConfig(raw));
  try {
    const clients = buildClients(connection);
    try {
      return await work(clients, resolveRegion(connection));
    } finally {
      await clients.close();
    }
  } catch (error) {
    throw redactError(error, secretValues({ connection }));
  }
}
