/**
 * Create and delete patterns shared by every definition: adopt, look up by name after an
 * ambiguous failure instead of creating twice, wait until a deleted object is really gone.
 */
import { AcsError } from "../../sdk/errors";
import { ProviderError } from "../errors";

/** A failure after which the object may or may not exist: no answer, or a server error. */
export function isAmbiguous(error: unknown): boolean {
  return AcsError.is(error) && (error.fault === "network" || error.fault === "server");
}

/** Already-exists codes across CR (`*_ALREADY_EXIST`) and RAM (`EntityAlreadyExists.*`). */
export function isAlreadyExists(error: unknown): boolean {
  return AcsError.is(error) && (/_ALREADY_EXIST$/.test(error.code) || error.code.startsWith("EntityAlreadyExists"));
}

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
  try {
    await options.create();
  } catch (error) {
    if (isAlreadyExists(error)) {
      throw new ProviderError(`${options.what} already exists: set adopt: true to manage it, or choose another ${options.field}`, {
        field: options.field,
        code: "AlreadyExists",
        cause: error,
      });
    }
    if (!isAmbiguous(error)) throw error;
    // The first attempt may have worked: never create twice.
    if ((await options.find()) === undefined) await options.create();
  }
  const created = await options.find();
  if (created === undefined) {
    throw new ProviderError(`${options.what} was created but cannot be read back; run \`pulumi refresh\` and retry`, { code: "NotReadable" });
  }
  return { found: created, adopted: false };
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
