/** Inputs of the resources that do work once (a copy, a rule run): what re-runs it, and how long create waits. */
import { z } from "zod";

/** `triggers`: any values; changing one replaces the resource, so the work runs again. `again` says what happens. */
export function rerunTriggersSchema(again: string) {
  return z
    .union([z.array(z.unknown()), z.record(z.string(), z.unknown())], { message: `must be a list or a map of values; changing any of them ${again}` })
    .optional()
    .describe(`Any values; a change ${again} (like a null_resource trigger).`);
}

/** `waitTimeoutSeconds`: 10 s to a day. */
export function waitTimeoutSchema(what: string, description: string) {
  return z
    .number({ message: "must be a number of seconds" })
    .int({ message: "must be a whole number of seconds" })
    .min(10, { message: `is too short: give the ${what} at least 10 seconds` })
    .max(24 * 3600, { message: "is too long: use at most 86400 seconds" })
    .optional()
    .describe(description);
}
