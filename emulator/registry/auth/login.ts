/**
 * `docker login` checks against the CR state (verifyRegistryLogin): the instance password with the
 * owner's name or UID, or `temp_user_cr` with a temporary token. A RAM user of the owner account may
 * log in with the instance password as `<user>` or `<user>@<account>`; the login then carries that
 * user's policies, not the owner's. Successful password checks are cached (scrypt is slow on
 * purpose) under a key that includes the stored hash, so ResetLoginPassword invalidates them.
 */

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { TEMP_USERNAME, verifyRegistryLogin } from "../../cr";
import type { CrState } from "../../cr/state";
import { nameKey } from "../../ram/state";
import type { EmulatorState } from "../../core/state";
import type { RegistryIdentity } from "./identity";

export interface SystemCredentials {
  username: string;
  password: string;
}

export function newSystemCredentials(): SystemCredentials {
  return { username: "emulator-sync", password: randomBytes(24).toString("base64url") };
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

const CACHE_LIMIT = 256;

export class LoginVerifier {
  private readonly cache = new Map<string, RegistryIdentity>();

  constructor(
    private readonly state: () => EmulatorState,
    private readonly system: SystemCredentials,
  ) {}

  /** The identity, or undefined for wrong or expired credentials. */
  verify(instanceId: string, username: string, password: string, now: number): RegistryIdentity | undefined {
    if (username === this.system.username) return sameSecret(password, this.system.password) ? { kind: "system" } : undefined;
    const cr = this.state().cr as CrState;
    const instance = Object.prototype.hasOwnProperty.call(cr.instances, instanceId) ? cr.instances[instanceId] : undefined;
    if (!instance) return undefined;
    if (username === TEMP_USERNAME) return this.check(cr, instanceId, username, password, now);

    const key = createHash("sha256")
      .update(`${instanceId}\0${instance.loginPasswordHash ?? ""}\0${username}\0${password}`)
      .digest("hex");
    const cached = this.cache.get(key);
    if (cached) return cached;
    const identity = this.passwordLogin(cr, instanceId, instance.ownerName, instance.ownerUid, username, password, now);
    if (identity) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, identity);
    }
    return identity;
  }

  private passwordLogin(
    cr: CrState,
    instanceId: string,
    ownerName: string,
    ownerUid: string,
    username: string,
    password: string,
    now: number,
  ): RegistryIdentity | undefined {
    const asOwner = this.check(cr, instanceId, username, password, now);
    if (asOwner) return asOwner;
    const [userName, account] = username.split("@");
    if (!userName || (account !== undefined && account !== ownerName && account !== ownerUid)) return undefined;
    const ram = this.state().accounts[ownerUid]?.ram;
    const user = ram?.users[nameKey(userName)];
    if (!user) return undefined;
    const owner = this.check(cr, instanceId, ownerName, password, now);
    if (!owner || owner.kind !== "principal") return undefined;
    return { kind: "principal", accountId: ownerUid, principalArn: `acs:ram::${ownerUid}:user/${user.userName}` };
  }

  private check(cr: CrState, instanceId: string, username: string, password: string, now: number): RegistryIdentity | undefined {
    const login = verifyRegistryLogin(cr, instanceId, username, password, now);
    if (!login.ok) return undefined;
    return { kind: "principal", accountId: login.accountId, principalArn: login.principalArn, expireTime: login.expireTime };
  }
}
