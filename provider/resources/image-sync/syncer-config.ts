/**
 * image-syncer's semantics (seed 004, image-syncer's README): an image is `registry/repository`
 * with an optional tag part — none for every tag, `a,b` for a list, `/regex/` for a pattern over
 * the source's tags. A config file is `{ auth: { <registry>: {username, password, insecure} },
 * images: { <source>: <target> | "" | [<target>, …] } }`; an empty target means the default
 * registry and namespace (`--registry`, `--namespace`) plus the source repository's last segment.
 */

export type TagSelection = { kind: "all" } | { kind: "list"; tags: string[] } | { kind: "regex"; pattern: string };

export interface ImageAddress {
  registry: string;
  repository: string;
}

export interface SyncPair {
  source: ImageAddress;
  target: ImageAddress;
  tags: TagSelection;
}

export interface RegistryAuth {
  username?: string;
  password?: string;
  insecure?: boolean;
}

export interface SyncerConfig {
  auth?: Record<string, RegistryAuth>;
  images: Record<string, string | string[]>;
}

/** `/regex/` → regex, `a,b` → list, nothing → all. */
export function parseTagSelection(text: string | string[] | undefined): TagSelection {
  if (text === undefined || text === "") return { kind: "all" };
  if (Array.isArray(text)) return { kind: "list", tags: text };
  if (text.length >= 2 && text.startsWith("/") && text.endsWith("/")) return { kind: "regex", pattern: text.slice(1, -1) };
  return { kind: "list", tags: text.split(",").map((t) => t.trim()).filter(Boolean) };
}

/** `host[:port]/path[:tags]` → address and tag part. The tag part starts at a colon after the last slash, or a `:/…/` regex. */
export function splitImage(ref: string): { address: ImageAddress; tagText?: string } {
  const regexAt = ref.indexOf(":/");
  let body = ref;
  let tagText: string | undefined;
  if (regexAt > 0 && ref.endsWith("/") && ref.indexOf("/") < regexAt) {
    body = ref.slice(0, regexAt);
    tagText = ref.slice(regexAt + 1);
  } else {
    const colon = ref.lastIndexOf(":");
    if (colon > ref.lastIndexOf("/")) {
      body = ref.slice(0, colon);
      tagText = ref.slice(colon + 1);
    }
  }
  const slash = body.indexOf("/");
  if (slash <= 0 || slash === body.length - 1) throw new Error(`"${ref}" must be <registry>/<repository>[:tags]`);
  return { address: { registry: body.slice(0, slash), repository: body.slice(slash + 1) }, tagText };
}

export interface Defaults {
  registry?: string;
  namespace?: string;
}

/** The target of one config entry; an empty value means default registry/namespace + the source's last path segment. */
function targetOf(value: string, source: ImageAddress, defaults: Defaults): ImageAddress {
  if (value !== "") return splitImage(value).address;
  if (!defaults.registry || !defaults.namespace) {
    throw new Error(`images["${source.registry}/${source.repository}"] has an empty target: set defaultTargetRegistry and defaultTargetNamespace (image-syncer's --registry and --namespace)`);
  }
  const name = source.repository.slice(source.repository.lastIndexOf("/") + 1);
  return { registry: defaults.registry, repository: `${defaults.namespace}/${name}` };
}

export function pairsFromConfig(config: SyncerConfig, defaults: Defaults): SyncPair[] {
  const pairs: SyncPair[] = [];
  for (const [key, value] of Object.entries(config.images)) {
    const { address, tagText } = splitImage(key);
    for (const target of Array.isArray(value) ? value : [value]) {
      pairs.push({ source: address, target: targetOf(target, address, defaults), tags: parseTagSelection(tagText) });
    }
  }
  return pairs;
}

/** The auth entry for a registry: an exact host key, else the longest key the `registry/repository` starts with. */
export function authFor(auth: Record<string, RegistryAuth> | undefined, image: ImageAddress): RegistryAuth | undefined {
  if (!auth) return undefined;
  const full = `${image.registry}/${image.repository}`;
  const keys = Object.keys(auth).filter((k) => k === image.registry || full.startsWith(`${k}/`));
  keys.sort((a, b) => b.length - a.length);
  return keys[0] === undefined ? undefined : auth[keys[0]];
}

/** The tags of `available` a selection picks; listed tags that do not exist are reported by the caller. */
export function pickTags(selection: TagSelection, available: readonly string[]): string[] {
  if (selection.kind === "all") return [...available];
  if (selection.kind === "list") return selection.tags;
  const re = new RegExp(selection.pattern);
  return available.filter((t) => re.test(t));
}
