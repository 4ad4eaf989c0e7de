/**
 * Create and delete patterns shared by every definition: adopt, look up by name after an
 * ambiguous failure instead of creating twice, wait until a deleted object is really gone.
 */
import { AcsError } from "../../sdk/errors";
import { PartialCreateError, ProviderError } from "../errors";

/** A failure after which the object may or may not exist: no answer, or a server error. */
export function isAmbiguous(error: unknown): boolean {
  return AcsError.is(error) && (error.fault === "network" || error.fault === "server");
}

/** Already-exists codes across CR (`*_ALREADY_EXIST`) and RAM (`EntityAlreadyExists.*`). */
export function isAlreadyExists(error: unknown): boolean {
  return AcsError.is(error) && (/_ALREADY_EXIST$/.test(error.code) || error.code.startsWith("EntityAlreadyExists"));
}

/**
 * Create calls are not retried by the sdk after an ambiguous failure (5xx, reset after sending);
 * each such failure is one round of look-up-then-create here. Five rounds at a 7 % ambiguous-failure
 * rate leave a 1-in-600,000 chance of giving up.
 */
export const MAX_CREATE_ROUNDS = 5;

export interface CreateOrAdoptOptions<T> {
  /** e.g. `namespace team-a in cri-123`, for messages. */
  what: string;
  /** The input that names the object, for messages. */
  field: string;
  adopt?: boolean;
  /** Look the object up by its natural key; undefined when absent. */
  find(): Promise<T | undefined>;
  /** Issue the create call (not retried by the sdk). */
  create(): Promise<unknown>;
  /** The resource ID once the create call has answered, so a failure afterwards is reported with it. */
  idAfterCreate(created: unknown): string;
}

/**
 * Create the object, or take over the existing one when `adopt` is set. After an ambiguous
 * failure the object is looked up first and created again only if it is really absent.
 * Returns the object as `find` sees it after creation, and whether it was adopted.
 */
export async function createOrAdopt<T>(options: CreateOrAdoptOptions<T>): Promise<{ found: T; adopted: boolean }> {
  if (options.adopt) {
    const existing = await options.find();
    if (existing !== undefined) return { found: existing, adopted: true };
  }
  let created: unknown;
  for (let round = 1; ; round++) {
    try {
      created = await options.create();
      break;
    } catch (error) {
      // After an ambiguous round, "already exists" means that earlier attempt landed: it is ours.
      if (isAlreadyExists(error) && round > 1) {
        const existing = await options.find();
        if (existing !== undefined) return { found: existing, adopted: false };
      }
      if (isAlreadyExists(error)) {
        throw new ProviderError(`${options.what} already exists: set adopt: true to manage it, or choose another ${options.field}`, {
          field: options.field,
          code: "AlreadyExists",
          cause: error,
        });
      }
      if (!isAmbiguous(error) || round >= MAX_CREATE_ROUNDS) throw error;
      // The attempt may have worked: never create twice. Look first, create again only if absent.
      const existing = await options.find();
      if (existing !== undefined) return { found: existing, adopted: false };
    }
  }
  // From here the object exists: any failure is reported with its ID, so it is not orphaned.
  const id = options.idAfterCreate(created);
  return partialOnFailure(id, `${options.what} was created but could not be read back`, async () => {
    const found = await options.find();
    if (found === undefined) throw new ProviderError(`${options.what} was created but is not visible yet; run \`pulumi up\` again`, { code: "NotReadable" });
    return { found, adopted: false };
  });
}

/** Run follow-up work on an object that exists; a failure becomes a PartialCreateError carrying its ID. */
export async function partialOnFailure<T>(id: string, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartialCreateError(id, {}, `${what}: ${reason}`, error);
  }
}

/** Treat not-found as done. */
export async function ignoreNotFound(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!AcsError.isNotFound(error)) throw error;
  }
}

/** undefined for not-found, the value otherwise. */
export async function orUndefined<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (AcsError.isNotFound(error)) return undefined;
    throw error;
  }
}

/** Poll until `gone()` says so (deletes can be asynchronous), up to a deadline. */
export async function waitUntilGone(what: string, gone: () => Promise<boolean>, timeoutMs = 10 * 60_000, intervalMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 200; ; wait = Math.min(wait * 2, intervalMs)) {
    if (await gone()) return;
    if (Date.now() > deadline) throw new ProviderError(`${what} is still being deleted after ${Math.round(timeoutMs / 1000)} s; run \`pulumi destroy\` again later`, { code: "Timeout" });
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
