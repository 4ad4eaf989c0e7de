/**
 * Security Token Service, API 2015-04-01. AssumeRole is repeatable: each call mints an independent
 * session, so a retry after an ambiguous failure at worst leaves an unused session that expires.
 */

import type { CallOptions, RpcCaller } from "../rpc/client";
import * as S from "./sts-schemas";

export const STS_VERSION = "2015-04-01";

const REPEATABLE: CallOptions = { idempotent: true };

export type AssumeRoleInput = {
  /** `acs:ram::<accountId>:role/<roleName>`. */
  RoleArn: string;
  /** 2–64 characters: letters, digits, `.`, `@`, `-`, `_`. */
  RoleSessionName: string;
  /** 900 up to the role's MaxSessionDuration; the service defaults to 3600. */
  DurationSeconds?: number;
  /** A session policy (JSON) that narrows the role's permissions. */
  Policy?: string;
  ExternalId?: string;
};

export class StsClient {
  constructor(private readonly rpc: RpcCaller) {}

  /** The response carries a secret and a token: never log it. */
  assumeRole(input: AssumeRoleInput) {
    return this.rpc.call("AssumeRole", input, S.AssumeRoleResponse, REPEATABLE);
  }

  getCallerIdentity() {
    return this.rpc.call("GetCallerIdentity", {}, S.GetCallerIdentityResponse, REPEATABLE);
  }
}
