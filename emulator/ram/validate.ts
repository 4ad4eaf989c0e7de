/**
 * Parameter checks for RAM calls. Each returns the parsed value or throws the documented code; every
 * check runs before a handler touches state, so a rejected call leaves the state unchanged.
 */

import { gatewayErrors } from "../core/gateway-errors";
import { ramErrors } from "./errors";
import { RAM_LENGTHS, RAM_LIMITS } from "./limits";
import { parsePolicyDocument, PolicyGrammarError, type PolicyKind } from "./policy/document";
import type { PolicyType, Tag } from "./state";

type Params = Record<string, string>;

export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw gatewayErrors.missingParameter(name);
  return value;
}

export function optional(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === "" ? undefined : value;
}

interface NameRule {
  max: number;
  pattern: RegExp;
  allowed: string;
}

export const NAME_RULES = {
  // Current docs and SDK: letters, digits, `.` and `-` (the older, wider regex is not enforced).
  RoleName: { max: RAM_LENGTHS.roleName, pattern: /^[A-Za-z0-9.-]+$/, allowed: "letters, digits, periods (.) and hyphens (-)" },
  PolicyName: { max: RAM_LENGTHS.policyName, pattern: /^[A-Za-z0-9-]+$/, allowed: "letters, digits and hyphens (-)" },
  UserName: { max: RAM_LENGTHS.userName, pattern: /^[A-Za-z0-9._-]+$/, allowed: "letters, digits, periods (.), underscores (_) and hyphens (-)" },
} satisfies Record<string, NameRule>;

/** `InvalidParameter.<Field>.Length` then `.InvalidChars`, as documented for each name. */
export function name(params: Params, field: keyof typeof NAME_RULES): string {
  const value = required(params, field);
  const rule = NAME_RULES[field];
  if (value.length > rule.max) throw ramErrors.invalid(`${field}.Length`, `The parameter ${field} must be 1 to ${rule.max} characters long.`);
  if (!rule.pattern.test(value)) throw ramErrors.invalid(`${field}.InvalidChars`, `The parameter ${field} may contain only ${rule.allowed}.`);
  return value;
}

/** Optional free text with a documented maximum: `InvalidParameter.<Field>.Length`. */
export function text(params: Params, field: string, max: number): string | undefined {
  const value = params[field];
  if (value === undefined) return undefined;
  if (value.length < 1 || value.length > max) throw ramErrors.invalid(`${field}.Length`, `The parameter ${field} must be 1 to ${max} characters long.`);
  return value;
}

/** Integer within bounds; `InvalidParameter.<Field>` (emulator-chosen code: none is documented). */
export function integer(params: Params, field: string, min: number, max: number): number | undefined {
  const value = params[field];
  if (value === undefined || value === "") return undefined;
  const parsed = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw ramErrors.invalid(field, `The parameter ${field} must be an integer from ${min} to ${max}.`);
  }
  return parsed;
}

export function boolean(params: Params, field: string): boolean | undefined {
  const value = params[field];
  if (value === undefined || value === "") return undefined;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw ramErrors.invalid(field, `The parameter ${field} must be true or false.`);
}

export function policyType(params: Params): PolicyType {
  const value = required(params, "PolicyType");
  if (value !== "System" && value !== "Custom") throw ramErrors.invalid("PolicyType", "The parameter PolicyType must be System or Custom.");
  return value;
}

export function versionId(params: Params): string {
  const value = required(params, "VersionId");
  if (!/^v[1-9]\d*$/.test(value)) throw ramErrors.invalid("VersionId.Format", "The parameter VersionId must look like v1, v2, ….");
  return value;
}

/** Length (`InvalidParameter.<Field>.Length`) then grammar (`MalformedPolicyDocument`). */
export function policyDocument(params: Params, field: string, kind: PolicyKind, isRequired: boolean): string | undefined {
  const value = isRequired ? required(params, field) : params[field];
  if (value === undefined) return undefined;
  const max = kind === "trust" ? RAM_LENGTHS.trustPolicyDocument : RAM_LENGTHS.policyDocument;
  if (value.length < 1 || value.length > max) throw ramErrors.invalid(`${field}.Length`, `The parameter ${field} must be 1 to ${max} characters long.`);
  try {
    parsePolicyDocument(value, kind);
  } catch (error) {
    if (error instanceof PolicyGrammarError) throw ramErrors.malformedPolicy(error.message);
    throw error;
  }
  return value;
}

/**
 * Tags as the TS SDK sends them (one JSON-string parameter `Tag`, ram-sts-signing.md §0) or
 * flattened (`Tag.1.Key`), as older clients do. `InvalidParameter.Tag` is emulator-chosen.
 */
export function tags(params: Params): Tag[] {
  const list: Tag[] = [];
  if (params.Tag !== undefined && params.Tag !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(params.Tag);
    } catch {
      throw ramErrors.invalid("Tag", 'The parameter Tag must be a JSON array of {"Key","Value"} objects.');
    }
    if (!Array.isArray(parsed)) throw ramErrors.invalid("Tag", 'The parameter Tag must be a JSON array of {"Key","Value"} objects.');
    for (const item of parsed) {
      const key = (item as { Key?: unknown } | null)?.Key;
      const value = (item as { Value?: unknown } | null)?.Value;
      if (typeof key !== "string" || key === "") throw ramErrors.invalid("Tag", "Every tag needs a non-empty Key.");
      list.push({ key, value: value === undefined || value === null ? "" : String(value) });
    }
  } else {
    for (let i = 1; params[`Tag.${i}.Key`] !== undefined; i++) {
      list.push({ key: params[`Tag.${i}.Key`]!, value: params[`Tag.${i}.Value`] ?? "" });
    }
  }
  if (list.length > RAM_LIMITS.tagsPerResource) throw ramErrors.invalid("Tag", `At most ${RAM_LIMITS.tagsPerResource} tags are allowed.`);
  return list;
}
