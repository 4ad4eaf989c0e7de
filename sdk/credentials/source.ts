import type { Credentials } from "./types";

/** Role-assumption settings, from options (like Terraform's `assume_role` block) or a RamRoleArn profile. */
export interface AssumeRoleOptions {
  /** `acs:ram::<accountId>:role/<roleName>`. */
  roleArn: string;
  /** @default "pulumi-acr-ee-<epoch ms>" */
  sessionName?: string;
  externalId?: string;
  /** 900–43200 seconds, and at most the role's MaxSessionDuration. @default 3600 */
  durationSeconds?: number;
  /** A session policy (JSON) that narrows the role's permissions. */
  policy?: string;
}

/**
 * What one link of the chain found: base credentials, then the roles to assume on top, in order
 * (more than one only for ChainableRamRoleArn profiles that chain to other role profiles).
 */
export interface Found {
  credentials: Credentials;
  roles: AssumeRoleOptions[];
}

/** Outcome of asking one source: found, or skipped with a reason shown when nothing is found. */
export type Lookup = { found: Found } | { skipped: string };

export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;
