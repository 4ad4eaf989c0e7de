/** Identifiers the emulator hands out: request IDs, numeric RAM IDs and obviously fake keys. */

import { randomBytes, randomInt, randomUUID } from "node:crypto";

/** Upper-case UUID, as in POP responses. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** A numeric ID that never starts with 0, like RAM's UserId/RoleId. */
export function newNumericId(digits: number): string {
  let id = String(randomInt(1, 10));
  while (id.length < digits) id += String(randomInt(0, 10));
  return id;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i]! % ALNUM.length];
  return out;
}

/** `LTAI` + `EMU` marks emulator keys as fake at a glance (24 characters like real ones). */
export function newAccessKeyId(): string {
  return `LTAIEMU${randomAlnum(17)}`;
}

export function newAccessKeySecret(): string {
  return randomAlnum(30);
}

/** STS keys start with `STS.` like the real ones. */
export function newStsAccessKeyId(): string {
  return `STS.EMU${randomAlnum(21)}`;
}
