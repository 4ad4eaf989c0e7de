/**
 * Tag and repository-name filters as the service applies them: a regular expression matched against
 * the whole name. Syntax is checked at preview so a typo never reaches the API.
 */
import { z } from "zod";

/** The syntax error of `pattern`, or undefined when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: /, "");
  }
}

export function filterSchema(what: string, example: string) {
  return z
    .string({ message: `must be a regular expression over ${what}, e.g. ${example}` })
    .min(1, { message: `must not be empty: use .* to match every ${what.replace(/s$/, "")}` })
    .max(256, { message: "is too long: use at most 256 characters" })
    .superRefine((pattern, ctx) => {
      const problem = regexProblem(pattern);
      if (problem) ctx.addIssue({ code: "custom", message: `is not a valid regular expression (${problem}): fix the pattern, e.g. ${example}` });
    });
}

/** Whole-name match, as the service does. */
export function matchesFilter(pattern: string, name: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(name);
}
