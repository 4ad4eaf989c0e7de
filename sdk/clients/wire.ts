/**
 * Tolerant zod building blocks for the POP services' JSON. The same field is a number in one
 * operation and a string in the next (CR's `TotalCount`, ListInstance's timestamps), booleans are
 * sometimes strings in older gateways, lists may be absent when empty, and RAM wraps every list
 * as `{Roles: {Role: [...]}}`. These helpers accept every form seen and emit one.
 * Unknown fields are stripped by `z.object`, so a new field on the service side never fails a call.
 */

import { z } from "zod";

/** A string that some responses send as a number (IDs such as RoleId, UIDs). Emits a string. */
export const text = z.union([z.string(), z.number().transform(String)]);

/** A number that some responses send as a decimal string (`"TotalCount": "1"`). Emits a number. */
export const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, "expected a number or a numeric string")
    .transform(Number),
]);

/** A boolean that may arrive as `"true"`/`"false"`. Emits a boolean. */
export const bool = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false"]))
    .transform((v) => v === "true"),
]);

/** A list that the service may omit when empty. Emits an array, never undefined. */
export function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .optional()
    .transform((items): z.output<T>[] => items ?? []);
}

/**
 * RAM's `{Outer: {Inner: [...]}}` wrapping, unwrapped to a plain array. A missing or empty wrapper
 * is `[]`; a single object where an array belongs (an XML-to-JSON habit) becomes a one-item array;
 * an already-unwrapped array is accepted too.
 */
export function wrapped<T extends z.ZodType>(inner: string, item: T) {
  const many = z.union([z.array(item), item.transform((one) => [one])]);
  return z
    .union([z.array(item), z.object({ [inner]: many.optional() })])
    .optional()
    .transform((value): z.output<T>[] => {
      if (value === undefined) return [];
      if (Array.isArray(value)) return value as z.output<T>[];
      return ((value as Record<string, unknown>)[inner] as z.output<T>[] | undefined) ?? [];
    });
}

/** An object the service documents as nested but that some versions send as a JSON string. */
export function jsonObject<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }, schema);
}

/** Fields every response carries; CR adds `Code` (`success`) and `IsSuccess`. */
export const envelope = {
  RequestId: text.optional(),
};

/** A response with nothing but the envelope (deletes, updates, attaches). */
export const EmptyResponse = z.object({
  ...envelope,
  Code: text.optional(),
  IsSuccess: bool.optional(),
});
export type EmptyResponse = z.output<typeof EmptyResponse>;
