import { StsClient } from "../clients/sts";
import { resolveEndpoint } from "../endpoints";
import { CredentialsError } from "../errors";
import { RpcClient } from "../rpc/client";
import type { Credentials } from "./types";
import { MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, type AssumeRoleOptions } from "./source";

export interface AssumeRoleContext {
  /** Full STS URL override, e.g. the emulator; otherwise the public endpoint for `region`. */
  stsEndpoint?: string;
  region?: string;
}

/** Exchanges base credentials for a role session; injectable so tests need no STS. */
export type AssumeRoleFn = (base: Credentials, options: AssumeRoleOptions & AssumeRoleContext) => Promise<Credentials>;

export const DEFAULT_DURATION_SECONDS = 3600;

/** Fails early, at configuration time, rather than with a service error after a round trip. */
export function validateAssumeRole(options: AssumeRoleOptions): void {
  if (!/^acs:ram::\d+:role\/.+/.test(options.roleArn)) {
    throw new CredentialsError(`assumeRole.roleArn "${options.roleArn}" is not a role ARN; expected acs:ram::<accountId>:role/<roleName>`);
  }
  const d = options.durationSeconds;
  if (d !== undefined && (!Number.isInteger(d) || d < MIN_DURATION_SECONDS || d > MAX_DURATION_SECONDS)) {
    throw new CredentialsError(`assumeRole.durationSeconds must be a whole number from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}, got ${d}`);
  }
  if (options.sessionName !== undefined && !/^[\w.@-]{2,64}$/.test(options.sessionName)) {
    throw new CredentialsError(`assumeRole.sessionName must be 2-64 characters of letters, digits, ".", "@", "-" or "_", got "${options.sessionName}"`);
  }
}

/** The default exchange: STS AssumeRole through our own client. */
export const assumeRoleWithSts: AssumeRoleFn = async (base, options) => {
  const endpoint = resolveEndpoint("sts", { region: options.region, overrides: options.stsEndpoint ? { sts: options.stsEndpoint } : undefined });
  const rpc = new RpcClient({ product: "sts", version: "2015-04-01", endpoint, credentials: async () => base });
  const sessionName = options.sessionName ?? `pulumi-acr-ee-${Date.now()}`;
  let response;
  try {
    response = await new StsClient(rpc).assumeRole({
      RoleArn: options.roleArn,
      RoleSessionName: sessionName,
      DurationSeconds: options.durationSeconds ?? DEFAULT_DURATION_SECONDS,
      Policy: options.policy,
      ExternalId: options.externalId,
    });
  } finally {
    await rpc.close();
  }
  const c = response.Credentials;
  return {
    accessKeyId: c.AccessKeyId,
    accessKeySecret: c.AccessKeySecret,
    securityToken: c.SecurityToken,
    expiration: new Date(c.Expiration),
    source: `assumed role ${options.roleArn} (session ${sessionName}) from ${base.source}`,
  };
};
