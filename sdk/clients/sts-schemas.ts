/**
 * Response schemas for STS 2015-04-01 (shared reference ram-sts-signing.md §3). The security
 * token is opaque and has no length limit, so no length is checked.
 */

import { z } from "zod";
import { envelope, text } from "./wire";

export const StsCredentials = z.object({
  AccessKeyId: text,
  AccessKeySecret: text,
  SecurityToken: text,
  /** UTC, `YYYY-MM-DDThh:mm:ssZ`. */
  Expiration: text,
});
export type StsCredentials = z.output<typeof StsCredentials>;

export const AssumeRoleResponse = z.object({
  ...envelope,
  Credentials: StsCredentials,
  AssumedRoleUser: z
    .object({
      /** `acs:ram::<accountId>:role/<roleName>/<sessionName>`. */
      Arn: text.optional(),
      /** `<roleId>:<sessionName>`. */
      AssumedRoleId: text.optional(),
    })
    .optional(),
  SourceIdentity: text.optional(),
});
export type AssumeRoleResponse = z.output<typeof AssumeRoleResponse>;

export const GetCallerIdentityResponse = z.object({
  ...envelope,
  AccountId: text,
  Arn: text,
  /** Account | RAMUser | AssumedRoleUser. */
  IdentityType: text.optional(),
  PrincipalId: text.optional(),
  /** Only for the account itself or a RAM user. */
  UserId: text.optional(),
  /** Only for a role session. */
  RoleId: text.optional(),
});
export type GetCallerIdentityResponse = z.output<typeof GetCallerIdentityResponse>;
