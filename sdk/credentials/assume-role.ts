import { CredentialsError } from "../errors";
import type { Credentials } from "./types";
import { MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, type AssumeRoleOptions } from "./source";

export interface AssumeRoleContext {
  /** Full STS URL override, e.g. the emulator; otherwise the STS endpoint for `region`. */
  stsEndpoint?: string;
  /** Use the regional STS endpoint `sts.<region>.aliyuncs.com`; without it, the global `sts.aliyuncs.com`. */
  region?: string;
}

/** Exchanges base credentials for a role session; injectable so tests need no STS. */
export type AssumeRoleFn = (base: Credentials, options: AssumeRoleOptions & AssumeRoleContext) => Promise<Credentials>;

export const DEFAULT_DURATION_SECONDS = 3600;

/** Unique per resolution, so sessions are told apart in ActionTrail; 27 characters fits even the old 32 limit. */
export function defaultSessionName(now: Date): string {
  return `pulumi-acr-ee-${now.getTime()}`;
}

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
  if (options.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(options.externalId)) {
    // The external ID acts as a shared secret with the role's owner, so it is not echoed.
    throw new CredentialsError(`assumeRole.externalId must be 2-1224 characters of letters, digits and +=,.@:/-_`);
  }
}

/** The default exchange: STS AssumeRole through the SDK's own client. */
export const assumeRoleWithSts: AssumeRoleFn = async (base, options) => {
  // Loaded lazily: the clients import credential types, and this keeps the module graph acyclic.
  const [{ StsClient, STS_VERSION }, { RpcClient }, { resolveEndpoint }] = await Promise.all([
    import("../clients/sts.js"),
    import("../rpc/client.js"),
    import("../endpoints.js"),
  ]);
  const endpoint = resolveEndpoint("sts", {
    region: options.region,
    stsRegional: options.region !== undefined,
    overrides: options.stsEndpoint ? { sts: options.stsEndpoint } : undefined,
  });
  const rpc = new RpcClient({ product: "sts", version: STS_VERSION, endpoint, credentials: async () => base });
  const sessionName = options.sessionName ?? defaultSessionName(new Date());
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
  const expiration = new Date(c.Expiration);
  if (Number.isNaN(expiration.getTime())) {
    throw new CredentialsError(`STS AssumeRole for ${options.roleArn} answered an unreadable Expiration "${c.Expiration}"`);
  }
  return {
    accessKeyId: c.AccessKeyId,
    accessKeySecret: c.AccessKeySecret,
    securityToken: c.SecurityToken,
    expiration,
    source: `assumed role ${options.roleArn} (session ${sessionName}) from ${base.source}`,
  };
};
