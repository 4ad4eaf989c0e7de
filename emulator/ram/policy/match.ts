/**
 * Wildcard matching for policy values (ram-sts-signing.md §2.2): `*` matches any run of characters,
 * including none, `?` exactly one; the whole value must match. Compiled patterns are cached because
 * the same few patterns are checked on every authorised call.
 */

const CACHE_LIMIT = 2048;
const cache = new Map<string, RegExp>();

function compile(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? "i" : "s"}:${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    const body = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    // A bounded cache: patterns come from stored documents, so a plain reset is enough to cap memory.
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, regex);
  }
  return regex;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return compile(pattern, ignoreCase).test(value);
}

/** Actions are matched case-insensitively ("in most cases not case-sensitive", §2.2). */
export function actionMatches(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => globMatch(pattern, action, true));
}

/** Resources are matched case-sensitively: the docs are silent, and ARNs carry case-sensitive names. */
export function resourceMatches(patterns: readonly string[], resource: string): boolean {
  return patterns.some((pattern) => globMatch(pattern, resource, false));
}
