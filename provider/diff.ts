/** Result shape Pulumi expects from a dynamic provider's diff. */
export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

// Pulumi's own bookkeeping and our adopt flag never change the cloud object.
const IGNORED = new Set(["__provider", "adopt", "connection"]);

/**
 * Compare old and new inputs: fields in replaceKeys force a replacement (they form the object's id),
 * any other changed field is updated in place.
 */
export function diffInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  replaceKeys: readonly string[],
): DiffResult {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  const changed = [...keys].filter((k) => !IGNORED.has(k) && JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
  const replaces = changed.filter((k) => replaceKeys.includes(k));
  // The same name cannot exist twice in one instance, so the old object must go first.
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
}

export const NAMESPACE_REPLACE_KEYS = ["instanceId", "name"] as const;
export const REPOSITORY_REPLACE_KEYS = ["instanceId", "namespace", "name"] as const;
