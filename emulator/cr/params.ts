/**
 * Reading request parameters. All values arrive as strings (acr-api.md §1.3). A missing required
 * parameter or a value of the wrong TYPE (a boolean that is not true/false, a non-integer) is
 * refused as the gateway does, before the service runs: POP 400 `MissingParameter` /
 * `InvalidParameter`. Rules about a value's CONTENT are business errors (errors.ts) and live with
 * the handlers.
 */

import { z } from "zod";
import type { CallContext } from "../core/context";
import { gatewayErrors } from "../core/gateway-errors";
import { crFail, type CrCode } from "./errors";
import type { CrState } from "./state";

/** What the pipeline hands every CR handler: the CallContext plus the CR state (all accounts). */
export type CrCallContext = CallContext & { cr: CrState };
export type CrHandler = (ctx: CrCallContext) => Record<string, unknown>;

/** An empty value counts as absent: clients send `Name=` for unset optional fields. */
export function optional(ctx: CrCallContext, name: string): string | undefined {
  const value = ctx.params[name];
  return value === undefined || value === "" ? undefined : value;
}

export function required(ctx: CrCallContext, name: string): string {
  const value = optional(ctx, name);
  if (value === undefined) throw gatewayErrors.missingParameter(name);
  return value;
}

const BooleanText = z
  .string()
  .regex(/^(true|false)$/i)
  .transform((text) => text.toLowerCase() === "true");

const IntegerText = z
  .string()
  .regex(/^-?\d{1,9}$/)
  .transform(Number);

export function optionalBool(ctx: CrCallContext, name: string): boolean | undefined {
  const value = optional(ctx, name);
  if (value === undefined) return undefined;
  const parsed = BooleanText.safeParse(value);
  if (!parsed.success) throw gatewayErrors.invalidParameter(name, "Expected true or false.");
  return parsed.data;
}

export function optionalInt(ctx: CrCallContext, name: string): number | undefined {
  const value = optional(ctx, name);
  if (value === undefined) return undefined;
  const parsed = IntegerText.safeParse(value);
  if (!parsed.success) throw gatewayErrors.invalidParameter(name, "Expected an integer.");
  return parsed.data;
}

/** Checks a value against a zod schema, turning the first issue into a business error with `code`. */
export function ensure<T>(schema: z.ZodType<T>, value: unknown, code: CrCode, name: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw crFail(code, `${name} is invalid: ${issue?.message ?? "bad value"}`);
}

/** One of a fixed set of values (RepoType, SyncScope…); anything else is PARAM_INVALID. */
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
  value: string,
  name: string,
  code: CrCode,
): T[number] {
  return ensure(z.enum(values, { error: () => `expected one of ${values.join(", ")}` }), value, code, name);
}
