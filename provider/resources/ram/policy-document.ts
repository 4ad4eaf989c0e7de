/**
 * RAM policy documents (ram-sts-signing.md §2.1) as inputs: a JSON string or an object, checked at
 * preview for the grammar the service enforces, and canonicalised so JSON-equivalent documents
 * (key order, whitespace, "x" versus ["x"], array order) never show a diff.
 */
import { z } from "zod";

export type PolicyKind = "identity" | "trust";

/** Document length limits (RAM_LENGTHS in the service docs; the trust limit is not documented, 2048 is the reference's choice). */
export const POLICY_DOCUMENT_MAX = { identity: 6144, trust: 2048 } as const;

const STATEMENT_KEYS = new Set(["Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "Condition"]);
const LIST_KEYS = new Set(["Action", "NotAction", "Resource", "NotResource"]);
const PRINCIPAL_TYPES = new Set(["RAM", "Service", "Federated"]);
const CONDITION_OPERATORS = new Set(
  ["String", "StringNot", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"]
    .map((o) => (o === "String" ? "StringEquals" : o === "StringNot" ? "StringNotEquals" : o))
    .concat(["Numeric", "Date"].flatMap((kind) => ["Equals", "NotEquals", "LessThan", "LessThanEquals", "GreaterThan", "GreaterThanEquals"].map((op) => kind + op)))
    .concat(["Bool", "IpAddress", "NotIpAddress"]),
);
const ACTION = /^(\*|[A-Za-z0-9*?_-]+:[A-Za-z0-9*?_.-]+)$/;
const RESOURCE = /^(\*|acs:[^:]*:[^:]*:[^:]*:.+)$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The text sent to RAM: a string as given, an object as compact JSON. */
export function documentText(document: string | Record<string, unknown>): string {
  return typeof document === "string" ? document : JSON.stringify(document);
}

function nonEmptyStrings(value: unknown): value is string | string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.length > 0 && list.every((v) => typeof v === "string" && v.length > 0);
}

/** The first grammar problem, phrased as a fix, or undefined when the document is acceptable. */
export function policyProblem(document: unknown, kind: PolicyKind): string | undefined {
  let raw: unknown = document;
  if (typeof document === "string") {
    if (document.length === 0) return "must not be empty: give a JSON policy document";
    if (document.length > POLICY_DOCUMENT_MAX[kind]) return `is too long: use at most ${POLICY_DOCUMENT_MAX[kind]} characters`;
    try {
      raw = JSON.parse(document);
    } catch {
      return "is not valid JSON: give a policy document such as {\"Version\":\"1\",\"Statement\":[...]}";
    }
  } else if (JSON.stringify(document ?? null).length > POLICY_DOCUMENT_MAX[kind]) {
    return `is too long: use at most ${POLICY_DOCUMENT_MAX[kind]} characters of JSON`;
  }
  if (!isObject(raw)) return "must be a JSON object with Version and Statement";
  const extra = Object.keys(raw).find((k) => k !== "Version" && k !== "Statement");
  if (extra) return `has an unknown top-level element "${extra}": only Version and Statement are allowed`;
  if (raw.Version !== "1") return 'must have "Version": "1"';
  const statements = Array.isArray(raw.Statement) ? raw.Statement : raw.Statement === undefined ? [] : [raw.Statement];
  if (statements.length === 0) return "must have at least one Statement";
  for (const [i, s] of statements.entries()) {
    const where = `Statement[${i}]`;
    if (!isObject(s)) return `${where} must be an object`;
    const unknown = Object.keys(s).find((k) => !STATEMENT_KEYS.has(k));
    if (unknown) return `${where} has an unknown element "${unknown}"`;
    if (s.Effect !== "Allow" && s.Effect !== "Deny") return `${where}.Effect must be "Allow" or "Deny"`;
    if (("Action" in s) === ("NotAction" in s)) return `${where} needs exactly one of Action or NotAction`;
    const actionKey = "Action" in s ? "Action" : "NotAction";
    if (!nonEmptyStrings(s[actionKey])) return `${where}.${actionKey} must be a non-empty string or list of strings`;
    const bad = ([] as string[]).concat(s[actionKey] as string | string[]).find((a) => !ACTION.test(a));
    if (bad) return `${where}.${actionKey} "${bad}" must look like "<service>:<Action>" or "*"`;
    if (kind === "identity") {
      if ("Principal" in s) return `${where}.Principal is only allowed in a role's trust policy`;
      if (("Resource" in s) === ("NotResource" in s)) return `${where} needs exactly one of Resource or NotResource`;
    } else {
      if (!isObject(s.Principal) || Object.keys(s.Principal).length === 0) return `${where}.Principal is required: e.g. {"Service": ["ecs.aliyuncs.com"]} or {"RAM": ["acs:ram::<uid>:root"]}`;
      const type = Object.keys(s.Principal).find((t) => !PRINCIPAL_TYPES.has(t));
      if (type) return `${where}.Principal type "${type}" must be RAM, Service or Federated`;
      const emptyType = Object.entries(s.Principal).find(([, v]) => !nonEmptyStrings(v));
      if (emptyType) return `${where}.Principal.${emptyType[0]} must be a non-empty string or list of strings`;
      if ("Resource" in s && "NotResource" in s) return `${where} must not have both Resource and NotResource`;
    }
    for (const key of ["Resource", "NotResource"]) {
      if (!(key in s)) continue;
      if (!nonEmptyStrings(s[key])) return `${where}.${key} must be a non-empty string or list of strings`;
      const badArn = ([] as string[]).concat(s[key] as string | string[]).find((r) => !RESOURCE.test(r));
      if (badArn) return `${where}.${key} "${badArn}" must be "*" or "acs:<service>:<region>:<account>:<resource>"`;
    }
    if ("Condition" in s) {
      if (!isObject(s.Condition)) return `${where}.Condition must be an object of operators`;
      for (const [operator, keys] of Object.entries(s.Condition)) {
        if (!CONDITION_OPERATORS.has(operator.replace(/IfExists$/, ""))) return `${where}.Condition operator "${operator}" is unknown: use e.g. StringEquals, StringLike, IpAddress, Bool, DateLessThan`;
        if (!isObject(keys) || Object.keys(keys).length === 0) return `${where}.Condition.${operator} must map condition keys to values`;
        const badKey = Object.entries(keys).find(([, v]) => (Array.isArray(v) ? v : [v]).some((x) => !["string", "number", "boolean"].includes(typeof x)) || (Array.isArray(v) && v.length === 0));
        if (badKey) return `${where}.Condition.${operator}.${badKey[0]} must be a string, number, boolean or a non-empty list of them`;
      }
    }
  }
  return undefined;
}

/** A zod schema for a policy document input of the given kind. */
export function policyDocumentSchema(kind: PolicyKind) {
  return z
    .union([z.string(), z.record(z.string(), z.unknown())], { message: "must be a JSON policy document (string or object)" })
    .superRefine((value, ctx) => {
      const problem = policyProblem(value, kind);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

function canonical(value: unknown, key?: string): Json {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v));
    // Order inside RAM lists does not matter: sort by text so ["b","a"] equals ["a","b"].
    return items.map((v) => [JSON.stringify(v), v] as const).sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  }
  if (isObject(value)) {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(value).sort()) out[k] = canonical(value[k], k);
    return out;
  }
  // A single value equals a one-element list wherever RAM allows both.
  if (typeof value === "string" && key !== undefined && (LIST_KEYS.has(key) || PRINCIPAL_TYPES.has(key))) return [value];
  return value as Json;
}

/** Statement lists and condition values also accept one value for a list. */
function canonicalDocument(raw: unknown): Json {
  if (!isObject(raw)) return canonical(raw);
  const statements = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  const withConditions = statements.map((s) => {
    if (!isObject(s) || !isObject(s.Condition)) return s;
    const condition: Record<string, unknown> = {};
    for (const [op, keys] of Object.entries(s.Condition)) {
      condition[op] = isObject(keys) ? Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(String)])) : keys;
    }
    return { ...s, Condition: condition };
  });
  return canonical({ ...raw, Statement: withConditions });
}

/** One canonical JSON text for every JSON-equivalent document; unparsable text is returned unchanged. */
export function canonicalPolicy(document: unknown): unknown {
  let raw = document;
  if (typeof document === "string") {
    try {
      raw = JSON.parse(document);
    } catch {
      return document;
    }
  }
  if (!isObject(raw)) return document;
  return JSON.stringify(canonicalDocument(raw));
}
