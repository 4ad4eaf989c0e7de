import * as os from "node:os";
import { CredentialsError } from "../errors";
import { assumeRoleWithSts, defaultSessionName, validateAssumeRole, type AssumeRoleFn } from "./assume-role";
import { fromEnvironment } from "./env";
import { fromProfileFile } from "./profile";
import type { AssumeRoleOptions, Found, Lookup } from "./source";
import type { CredentialProvider, Credentials } from "./types";

export interface CredentialChainOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** A profile in ~/.aliyun/config.json; else ALIBABA_CLOUD_PROFILE / ALICLOUD_PROFILE; else `current`. */
  profile?: string;
  /**
   * Assume this role on top of the base credentials the chain finds. Like Terraform's `assume_role`
   * block, it replaces the role a RamRoleArn / ChainableRamRoleArn profile names for itself; roles
   * further down a ChainableRamRoleArn chain are still assumed first.
   */
  assumeRole?: AssumeRoleOptions;
  /** @default process.env, read at resolve time */
  env?: NodeJS.ProcessEnv;
  /** @default os.homedir(), read at resolve time */
  homeDir?: string;
  /** Full STS URL, e.g. the emulator's. */
  stsEndpoint?: string;
  /** Region for the regional STS endpoint; the global one is used without it. */
  region?: string;
  assumeRoleFn?: AssumeRoleFn;
  now?: () => Date;
}

/** Temporary credentials are renewed this long before they expire, so no call signs with a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Resolves, in order: explicit values, environment variables, the aliyun CLI profile file, then
 * AssumeRole on top when configured. An absent source moves on; a present but broken one stops with
 * its error. The result is cached; temporary credentials refresh {@link REFRESH_MARGIN_MS} before
 * expiry, and concurrent callers share one in-flight resolution. Failures are not cached.
 */
export function createCredentialChain(options: CredentialChainOptions = {}): CredentialProvider {
  const now = options.now ?? (() => new Date());
  let cached: Credentials | undefined;
  let inFlight: Promise<Credentials> | undefined;

  const fresh = (c: Credentials) => !c.expiration || c.expiration.getTime() - REFRESH_MARGIN_MS > now().getTime();

  return () => {
    if (cached && fresh(cached)) return Promise.resolve(cached);
    inFlight ??= resolveOnce(options, now).then(
      (c) => ((cached = c), (inFlight = undefined), c),
      (err: unknown) => ((inFlight = undefined), Promise.reject(err)),
    );
    return inFlight;
  };
}

async function resolveOnce(options: CredentialChainOptions, now: () => Date): Promise<Credentials> {
  const found = findBase(options);
  const roles = options.assumeRole ? [...found.roles.slice(0, -1), options.assumeRole] : found.roles;
  // Check every hop before the first call, so a typo in the last one costs no STS session.
  roles.forEach(validateAssumeRole);
  const exchange = options.assumeRoleFn ?? assumeRoleWithSts;
  let credentials = found.credentials;
  for (const role of roles) {
    const sessionName = role.sessionName ?? defaultSessionName(now());
    credentials = await exchange(credentials, { ...role, sessionName, stsEndpoint: options.stsEndpoint, region: options.region });
  }
  return credentials;
}

function findBase(options: CredentialChainOptions): Found {
  const env = options.env ?? process.env;
  const profile = options.profile || env.ALIBABA_CLOUD_PROFILE || env.ALICLOUD_PROFILE || undefined;
  const sources: Array<() => Lookup> = [
    () => fromExplicit(options),
    () => fromEnvironment(env),
    () => fromProfileFile(options.homeDir ?? os.homedir(), profile),
  ];
  const tried: string[] = [];
  for (const source of sources) {
    const result = source();
    if ("found" in result) return result.found;
    tried.push(result.skipped);
  }
  throw new CredentialsError(
    "no Alibaba Cloud credentials found; pass accessKeyId/accessKeySecret, set ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY or ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run `aliyun configure`",
    tried,
  );
}

function fromExplicit(options: CredentialChainOptions): Lookup {
  const { accessKeyId: id, accessKeySecret: secret } = options;
  if (!id && !secret) return { skipped: "explicit: no accessKeyId/accessKeySecret given" };
  if (!id || !secret) throw new CredentialsError(`explicit credentials need both accessKeyId and accessKeySecret; ${id ? "accessKeySecret" : "accessKeyId"} is missing`);
  return { found: { credentials: { accessKeyId: id, accessKeySecret: secret, securityToken: options.securityToken || undefined, source: "explicit" }, roles: [] } };
}
