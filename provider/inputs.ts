/**
 * Plain helpers over the property bags Pulumi hands a dynamic provider: which keys are inputs,
 * dropping Pulumi's own `__provider`, spotting preview-time unknowns.
 */
import { z } from "zod";

export const PROVIDER_KEY = "__provider";
/** What the engine sends for a value not known yet during preview (pulumi#6310). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Bag = Record<string, unknown>;

/** The keys an input schema declares (z.object, possibly refined or piped). */
export function schemaKeys(schema: z.ZodType): string[] | undefined {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return schemaKeys(schema.in as z.ZodType);
  return undefined;
}

/** The input part of a bag (outputs carry inputs plus computed values), without `__provider` or undefined values. */
export function pickInputs(bag: Bag, keys: readonly string[] | undefined): Bag {
  const out: Bag = {};
  for (const [k, v] of Object.entries(bag ?? {})) {
    if (k === PROVIDER_KEY || v === undefined) continue;
    if (keys && !keys.includes(k)) continue;
    out[k] = v;
  }
  return out;
}

/** True when the value at `path`, or any value on the way there, is a preview-time unknown. */
export function isUnknownAt(bag: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = bag;
  for (const key of path) {
    if (current === UNKNOWN) return true;
    if (current === null || typeof current !== "object") return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current === UNKNOWN;
}

/** True when any value inside is a preview-time unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (value === null || typeof value !== "object") return false;
  return Object.values(value as Bag).some(containsUnknown);
}
