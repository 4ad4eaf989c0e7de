import type { z } from "zod";

/** One Pulumi check failure: the input property and how to fix it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** Turn zod issues into one CheckFailure per bad field, so `pulumi preview` names the field and the fix. */
export function issuesToFailures(issues: readonly z.core.$ZodIssue[]): CheckFailure[] {
  const seen = new Set<string>();
  const failures: CheckFailure[] = [];
  for (const issue of issues) {
    const property = issue.path.map(String).join(".") || "(inputs)";
    if (seen.has(property)) continue; // one failure per field keeps the message readable
    seen.add(property);
    failures.push({ property, reason: `${property}: ${issue.message}` });
  }
  return failures;
}
