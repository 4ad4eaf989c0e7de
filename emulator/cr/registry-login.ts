/**
 * `docker login` credentials for an instance (acr-api.md §3.7, seed 003 §4.4): a fixed password
 * set by ResetLoginPassword, valid until reset, and temporary tokens from GetAuthorizationToken,
 * valid one hour by default. Only a scrypt hash of the password and a SHA-256 of each token are
 * kept, so the state file never holds a usable secret. `verifyRegistryLogin` is what the data
 * plane calls when a client logs in.
 */

import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { entry } from "./lookup";
import type { AuthTokenRecord, CrState, InstanceRecord } from "./state";

/** The user name GetAuthorizationToken returns with its token (acr-api.md §3.7 example). */
export const TEMP_USERNAME = "temp_user_cr";

export const HOUR_MS = 3_600_000;

/** Old tokens beyond this many per instance are forgotten first, so the state cannot grow without bound. */
const MAX_TOKENS_PER_INSTANCE = 100;

export function hashLoginPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString("base64")}$${scryptSync(password, salt, 32).toString("base64")}`;
}

function passwordMatches(stored: string, password: string): boolean {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = scryptSync(password, Buffer.from(salt, "base64"), expected.length);
  return timingSafeEqual(actual, expected);
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export interface IssuedToken {
  username: string;
  token: string;
  expireTime: number;
}

/** Adds a token for `principal`, dropping expired ones and the oldest beyond the cap. */
export function issueToken(
  instance: InstanceRecord,
  principal: { accountId: string; principalArn: string },
  now: number,
  lifetimeMs: number,
): IssuedToken {
  const token = randomBytes(36).toString("base64url");
  const record: AuthTokenRecord = { tokenHash: tokenHash(token), expireTime: now + lifetimeMs, ...principal };
  instance.authTokens = [...instance.authTokens.filter((t) => t.expireTime > now), record].slice(-MAX_TOKENS_PER_INSTANCE);
  return { username: TEMP_USERNAME, token, expireTime: record.expireTime };
}

export type RegistryLogin =
  | { ok: true; via: "password" | "token"; accountId: string; principalArn: string; expireTime?: number }
  | { ok: false; reason: "unknown-instance" | "bad-credentials" };

/**
 * Checks a `docker login` against instance `instanceId`. The temporary user name pairs with a live
 * token and carries the permissions of whoever asked for it. The fixed password pairs with the
 * owner account's name or UID (seed 003: "--username=<Your Alibaba Cloud account>") and acts as the
 * account owner.
 */
export function verifyRegistryLogin(state: CrState, instanceId: string, username: string, password: string, now: number | Date): RegistryLogin {
  const instance = entry(state.instances, instanceId);
  if (!instance) return { ok: false, reason: "unknown-instance" };
  const at = typeof now === "number" ? now : now.getTime();
  if (username === TEMP_USERNAME) {
    const hash = tokenHash(password);
    const token = instance.authTokens.find((t) => t.tokenHash === hash && t.expireTime > at);
    return token
      ? { ok: true, via: "token", accountId: token.accountId, principalArn: token.principalArn, expireTime: token.expireTime }
      : { ok: false, reason: "bad-credentials" };
  }
  const isOwner = username === instance.ownerName || username === instance.ownerUid;
  if (isOwner && instance.loginPasswordHash && passwordMatches(instance.loginPasswordHash, password)) {
    return { ok: true, via: "password", accountId: instance.ownerUid, principalArn: `acs:ram::${instance.ownerUid}:root` };
  }
  return { ok: false, reason: "bad-credentials" };
}
