/**
 * `WWW-Authenticate` parsing (RFC 7235 auth-params, RFC 6750 Bearer) and token scopes. Scope
 * names may contain `host:port/`, so a scope is split at its first and last colon only.
 */

export interface Challenge {
  /** Lowercase: `basic`, `bearer`, or whatever else the server sent. */
  scheme: string;
  /** Lowercase parameter names, unquoted values (`realm`, `service`, `scope`, `error`). */
  params: Record<string, string>;
}

const TOKEN_CHAR = /[A-Za-z0-9!#$%&'*+.^_`|~-]/;

/** Parses one header value, which may hold several challenges. Malformed tails are dropped. */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let pos = 0;
  const skip = (chars: RegExp) => {
    while (pos < header.length && chars.test(header[pos]!)) pos++;
  };
  const token = () => {
    const start = pos;
    while (pos < header.length && TOKEN_CHAR.test(header[pos]!)) pos++;
    return header.slice(start, pos);
  };
  const quoted = () => {
    let value = "";
    pos++; // opening quote
    while (pos < header.length && header[pos] !== '"') {
      if (header[pos] === "\\" && pos + 1 < header.length) pos++;
      value += header[pos++];
    }
    pos++; // closing quote
    return value;
  };
  while (pos < header.length) {
    skip(/[\s,]/);
    const scheme = token();
    if (!scheme) break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    for (;;) {
      skip(/[\s,]/);
      const mark = pos;
      const name = token();
      skip(/\s/);
      if (!name || header[pos] !== "=") {
        pos = mark; // a new scheme (or a token68 we do not use) starts here
        if (!name) pos = header.length;
        break;
      }
      pos++;
      skip(/\s/);
      challenge.params[name.toLowerCase()] = header[pos] === '"' ? quoted() : token();
    }
  }
  return out;
}

export interface Scope {
  type: string;
  name: string;
  actions: string[];
}

export function parseScope(text: string): Scope | undefined {
  const first = text.indexOf(":");
  const last = text.lastIndexOf(":");
  if (first <= 0 || last <= first) return undefined;
  return { type: text.slice(0, first), name: text.slice(first + 1, last), actions: text.slice(last + 1).split(",").filter(Boolean) };
}

export function formatScope(scope: Scope): string {
  return `${scope.type}:${scope.name}:${[...new Set(scope.actions)].sort().join(",")}`;
}

export function repositoryScope(repository: string, actions: readonly string[]): string {
  return formatScope({ type: "repository", name: repository, actions: [...actions] });
}

/** Joins scope lists, merging the actions of the same resource, in a stable order (a cache key). */
export function mergeScopes(...lists: readonly (readonly string[])[]): string[] {
  const byResource = new Map<string, Scope>();
  for (const text of lists.flat()) {
    const scope = parseScope(text);
    if (!scope) continue;
    const key = `${scope.type}:${scope.name}`;
    const seen = byResource.get(key);
    if (seen) seen.actions.push(...scope.actions);
    else byResource.set(key, { ...scope, actions: [...scope.actions] });
  }
  return [...byResource.values()].map(formatScope).sort();
}

/** True when a token granted for `granted` scopes was at least asked for everything in `needed`. */
export function scopesCover(granted: readonly string[], needed: readonly string[]): boolean {
  const have = new Map<string, Set<string>>();
  for (const text of granted) {
    const scope = parseScope(text);
    if (scope) have.set(`${scope.type}:${scope.name}`, new Set(scope.actions));
  }
  return needed.every((text) => {
    const scope = parseScope(text);
    const actions = scope && have.get(`${scope.type}:${scope.name}`);
    return !!actions && (actions.has("*") || scope.actions.every((a) => actions.has(a)));
  });
}
