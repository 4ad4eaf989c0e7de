/**
 * Bearer tokens from the token endpoint: a JSON grant (instance, identity, granted actions per
 * repository, expiry on the emulator clock) signed with an HMAC key that lives only in this
 * process, so tokens die with it and need no storage.
 */

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { RegistryAction, RegistryIdentity } from "./identity";

export interface TokenGrant {
  instanceId: string;
  identity: RegistryIdentity;
  /** Repository name → granted actions. */
  access: Record<string, RegistryAction[]>;
  /** Emulator clock ms. */
  expiresAt: number;
}

export const TOKEN_LIFETIME_MS = 3_600_000;

export class TokenSigner {
  private readonly key = randomBytes(32);

  sign(grant: TokenGrant): string {
    const payload = Buffer.from(JSON.stringify(grant)).toString("base64url");
    return `${payload}.${this.mac(payload)}`;
  }

  /** The grant, or undefined when forged, for another instance, or expired. */
  verify(token: string, instanceId: string, now: number): TokenGrant | undefined {
    // Exactly payload.mac: anything after the MAC would ride on a valid signature unchecked.
    const parts = token.split(".");
    if (parts.length !== 2) return undefined;
    const [payload, mac] = parts;
    if (!payload || !mac) return undefined;
    const expected = Buffer.from(this.mac(payload));
    const actual = Buffer.from(mac);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const grant = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenGrant;
    if (grant.instanceId !== instanceId || grant.expiresAt <= now) return undefined;
    return grant;
  }

  private mac(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }
}
