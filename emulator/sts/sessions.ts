/**
 * Role sessions issued by AssumeRole. The security token names the access key it belongs to, so
 * the pipeline can tell a token that belongs to another key (`MismatchWithAccessKey`) from one that
 * is not ours at all (`Malformed`); the random part keeps it unguessable.
 */

import { randomBytes } from "node:crypto";

export interface StsSession {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** The role's account. */
  accountId: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  /** `YYYY-MM-DDThh:mm:ssZ`. */
  expiration: string;
  /** The session policy given to AssumeRole, already grammar-checked. */
  policy?: string;
}

export interface StsState {
  sessions: Record<string, StsSession>;
}

/** Expired sessions are kept this long so callers get `InvalidSecurityToken.Expired`, then dropped. */
export const EXPIRED_SESSION_RETENTION_MS = 60 * 60 * 1000;

const TOKEN_PREFIX = "CAIS";

export function newSecurityToken(accessKeyId: string): string {
  const owner = Buffer.from(JSON.stringify({ k: accessKeyId }), "utf8").toString("base64url");
  return `${TOKEN_PREFIX}${owner}.${randomBytes(48).toString("base64url")}`;
}

/** The access key a token was issued for, or undefined when the token is not one of ours. */
export function tokenOwner(token: string): string | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const [owner] = token.slice(TOKEN_PREFIX.length).split(".");
  try {
    const parsed = JSON.parse(Buffer.from(owner ?? "", "base64url").toString("utf8")) as unknown;
    const key = (parsed as { k?: unknown } | null)?.k;
    return typeof key === "string" ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Drops sessions that expired more than the retention period ago; returns true when any went. */
export function pruneSessions(sts: StsState, nowMs: number): boolean {
  let pruned = false;
  for (const [key, session] of Object.entries(sts.sessions)) {
    if (Date.parse(session.expiration) + EXPIRED_SESSION_RETENTION_MS < nowMs) {
      delete sts.sessions[key];
      pruned = true;
    }
  }
  return pruned;
}
