/**
 * Content rules for names and values, as zod schemas, each with its source:
 * - namespace name: acr-api.md §2.2 (SDK, Terraform docs);
 * - repository name, description length: seed 003 §3.3 (the only doc with an explicit rule);
 * - summary length: acr-api.md §2.2 (older Terraform);
 * - login password: acr-api.md §2.2 (SDK);
 * - DefaultRepoConfiguration JSON: acr-api.md §3.2.
 */

import { z } from "zod";

/** 2–120 of `a-z 0-9 _ - .`, not starting or ending with a separator. */
export const NamespaceName = z
  .string()
  .min(2, "use 2 to 120 characters")
  .max(120, "use 2 to 120 characters")
  .regex(/^[a-z0-9._-]+$/, "use lower-case letters, digits, '_', '-' or '.'")
  .regex(/^[a-z0-9](.*[a-z0-9])?$/, "start and end with a letter or digit");

/**
 * 1–64 of `a-z 0-9 - _`, not starting with `-` or `_` (seed 003). Seed 003 allows neither `.` nor
 * `/`, so both are refused even though an SDK example hints at `/` (acr-api.md §2.2).
 */
export const RepoName = z
  .string()
  .min(1, "use 1 to 64 characters")
  .max(64, "use 1 to 64 characters")
  .regex(/^[a-z0-9_-]+$/, "use lower-case letters, digits, '-' or '_'")
  .regex(/^[a-z0-9]/, "do not start with '-' or '_'");

export const Summary = z.string().min(1, "give 1 to 100 characters").max(100, "give 1 to 100 characters");
export const Detail = z.string().max(2000, "give at most 2,000 characters");

/**
 * 8–32 characters with at least two of: letters, digits, special characters. Printable ASCII
 * without spaces is the emulator's reading of "special characters" (the docs list no set).
 */
export const LoginPassword = z
  .string()
  .min(8, "use 8 to 32 characters")
  .max(32, "use 8 to 32 characters")
  .regex(/^[\x21-\x7e]+$/, "use printable ASCII characters without spaces")
  .refine(
    (text) => [/[A-Za-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(text)).length >= 2,
    "use at least two of: letters, digits, special characters",
  );

/** `DefaultRepoConfiguration`, sent as a JSON string. */
export const RepoConfigurationJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "expected a JSON object" });
      return z.NEVER;
    }
  })
  .pipe(
    z.object({
      RepoType: z.enum(["PUBLIC", "PRIVATE"], { error: () => "RepoType must be PUBLIC or PRIVATE" }),
      TagImmutability: z.boolean({ error: () => "TagImmutability must be a boolean" }),
      ArtifactBuildRuleParameters: z
        .object({ ImageIndexOnly: z.boolean({ error: () => "ImageIndexOnly must be a boolean" }) })
        .optional(),
    }),
  );

/**
 * A tag or repository-name filter. Emulator choice: JavaScript syntax, matched against the WHOLE
 * name (the docs' example `.*` means "everything"); at most 256 characters so a pathological
 * pattern cannot stall the emulator.
 */
export const NameFilter = z
  .string()
  .max(256, "use at most 256 characters")
  .refine((pattern) => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  }, "not a valid regular expression");

export function matchesFilter(pattern: string, name: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(name);
}

/** An image tag, as the OCI distribution spec defines it. */
export const TagName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, "use up to 128 of letters, digits, '_', '.', '-', not starting with '.' or '-'");
