/**
 * Runs work one at a time per key inside this provider process. The endpoint ACL is one list per
 * instance that the service rewrites on each change, so two entries added at once could each
 * overwrite the other; the engine runs sibling resources in parallel, hence a queue per instance.
 */
const tails = new Map<string, Promise<unknown>>();

export async function serializedBy<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(work);
  tails.set(key, run);
  try {
    return await run;
  } finally {
    // The last one out clears the key, so the map does not grow with every instance ever seen.
    if (tails.get(key) === run) tails.delete(key);
  }
}
