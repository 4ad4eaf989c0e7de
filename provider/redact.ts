/**
 * Last line of defence for "no secret in any error message": before an error leaves the provider,
 * every secret value we were handed (keys, tokens, passwords) is replaced by `***` in its text.
 */

/** Secret strings inside a connection and the given secret fields of a bag. */
export function secretValues(bag: Record<string, unknown>, secretFields: readonly string[] = []): string[] {
  const found: string[] = [];
  const conn = bag.connection as Record<string, unknown> | undefined;
  for (const key of ["secretKey", "securityToken", "accessKey"]) {
    const v = conn?.[key];
    if (typeof v === "string") found.push(v);
  }
  for (const field of secretFields) {
    const v = bag[field];
    if (typeof v === "string") found.push(v);
  }
  // Very short values would blank out ordinary words; secrets are never that short.
  return found.filter((v) => v.length >= 6);
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("***");
  return out;
}

/** Scrub the message and stack of an error (and its cause chain) in place, and return it. */
export function redactError<E>(error: E, secrets: readonly string[]): E {
  if (secrets.length === 0) return error;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    current.message = scrub(current.message, secrets);
    if (current.stack) current.stack = scrub(current.stack, secrets);
    current = current.cause;
  }
  return error;
}
