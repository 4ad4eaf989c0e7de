/**
 * RAM policy documents: the grammar of ram-sts-signing.md §2.1, parsed into a normalised form
 * (every "single value or array" element becomes an array) so evaluation never re-checks shapes.
 * Identity policies carry Action/Resource; trust policies (a role's AssumeRolePolicyDocument)
 * carry Action/Principal instead.
 */

export type Effect = "Allow" | "Deny";

/** `{ "<Operator>": { "<key>": [values] } }`; values are kept as strings, as the service compares them. */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Statement {
  effect: Effect;
  /** Exactly one of actions / notActions is set. */
  actions?: string[];
  notActions?: string[];
  /** Identity policies: exactly one of resources / notResources. Trust policies: neither is required. */
  resources?: string[];
  notResources?: string[];
  /** Trust policies only: `RAM`, `Service`, `Federated` → patterns. */
  principal?: Record<string, string[]>;
  condition?: ConditionBlock;
}

export interface PolicyDocument {
  version: "1";
  statements: Statement[];
}

/** Identity (attached or session) policy, or a role's trust policy. */
export type PolicyKind = "identity" | "trust";

/** The document breaks the grammar; `message` is the parser detail shown to the caller. */
export class PolicyGrammarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyGrammarError";
  }
}

export const CONDITION_OPERATORS: ReadonlySet<string> = new Set([
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "IpAddress",
  "NotIpAddress",
]);

const PRINCIPAL_TYPES: ReadonlySet<string> = new Set(["RAM", "Service", "Federated"]);
const STATEMENT_KEYS: ReadonlySet<string> = new Set([
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "Condition",
]);

/** `*`, or `<ram-code>:<api>` where either half may use `*`/`?` wildcards. */
const ACTION_PATTERN = /^(\*|[A-Za-z0-9*?_-]+:[A-Za-z0-9*?_.-]+)$/;
/** `*`, or `acs:<ram-code>:<region>:<account>:<relative-id>` (region and account may be empty or `*`). */
const RESOURCE_PATTERN = /^(\*|acs:[^:]*:[^:]*:[^:]*:.+)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string or a non-empty array of strings, as every element allows (§2.1). */
function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new PolicyGrammarError(`${where} must not be an empty array.`);
  for (const item of list) {
    if (typeof item !== "string" || item.length === 0) {
      throw new PolicyGrammarError(`${where} must be a non-empty string or an array of non-empty strings.`);
    }
  }
  return list as string[];
}

function conditionValues(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new PolicyGrammarError(`${where} must not be an empty array.`);
  return list.map((item) => {
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") return String(item);
    throw new PolicyGrammarError(`${where} values must be strings, numbers or booleans.`);
  });
}

function parseCondition(value: unknown, where: string): ConditionBlock {
  if (!isRecord(value)) throw new PolicyGrammarError(`${where} must be an object.`);
  const block: ConditionBlock = {};
  for (const [operator, keys] of Object.entries(value)) {
    const base = operator.endsWith("IfExists") ? operator.slice(0, -"IfExists".length) : operator;
    if (!CONDITION_OPERATORS.has(base)) throw new PolicyGrammarError(`${where} has an unknown operator "${operator}".`);
    if (!isRecord(keys) || Object.keys(keys).length === 0) {
      throw new PolicyGrammarError(`${where}.${operator} must be a non-empty object of condition keys.`);
    }
    block[operator] = {};
    for (const [key, values] of Object.entries(keys)) {
      block[operator]![key] = conditionValues(values, `${where}.${operator}.${key}`);
    }
  }
  return block;
}

function parsePrincipal(value: unknown, where: string): Record<string, string[]> {
  if (!isRecord(value) || Object.keys(value).length === 0) {
    throw new PolicyGrammarError(`${where} must be an object such as {"RAM": [...]} or {"Service": [...]}.`);
  }
  const principal: Record<string, string[]> = {};
  for (const [type, names] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) throw new PolicyGrammarError(`${where} has an unknown principal type "${type}".`);
    principal[type] = stringList(names, `${where}.${type}`);
  }
  return principal;
}

function exactlyOne(raw: Record<string, unknown>, a: string, b: string, where: string): void {
  const count = Number(a in raw) + Number(b in raw);
  if (count !== 1) throw new PolicyGrammarError(`${where} must contain exactly one of ${a} or ${b}.`);
}

function parseStatement(raw: unknown, index: number, kind: PolicyKind): Statement {
  const where = `Statement[${index}]`;
  if (!isRecord(raw)) throw new PolicyGrammarError(`${where} must be an object.`);
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) throw new PolicyGrammarError(`${where} has an unknown element "${key}".`);
  }
  if (raw.Effect !== "Allow" && raw.Effect !== "Deny") {
    throw new PolicyGrammarError(`${where}.Effect must be "Allow" or "Deny".`);
  }
  const statement: Statement = { effect: raw.Effect };

  exactlyOne(raw, "Action", "NotAction", where);
  const actionKey = "Action" in raw ? "Action" : "NotAction";
  const actions = stringList(raw[actionKey], `${where}.${actionKey}`);
  for (const action of actions) {
    if (!ACTION_PATTERN.test(action)) throw new PolicyGrammarError(`${where}.${actionKey} "${action}" is not "<service>:<action>".`);
  }
  if (actionKey === "Action") statement.actions = actions;
  else statement.notActions = actions;

  if (kind === "identity") {
    if ("Principal" in raw) throw new PolicyGrammarError(`${where}.Principal is only allowed in trust policies.`);
    exactlyOne(raw, "Resource", "NotResource", where);
  } else {
    if (!("Principal" in raw)) throw new PolicyGrammarError(`${where}.Principal is required in a trust policy.`);
    statement.principal = parsePrincipal(raw.Principal, `${where}.Principal`);
    if ("Resource" in raw && "NotResource" in raw) {
      throw new PolicyGrammarError(`${where} must not contain both Resource and NotResource.`);
    }
  }
  for (const key of ["Resource", "NotResource"] as const) {
    if (!(key in raw)) continue;
    const resources = stringList(raw[key], `${where}.${key}`);
    for (const resource of resources) {
      if (!RESOURCE_PATTERN.test(resource)) {
        throw new PolicyGrammarError(`${where}.${key} "${resource}" is not "*" or "acs:<service>:<region>:<account>:<resource>".`);
      }
    }
    if (key === "Resource") statement.resources = resources;
    else statement.notResources = resources;
  }
  if ("Condition" in raw) statement.condition = parseCondition(raw.Condition, `${where}.Condition`);
  return statement;
}

/** Parses and checks a policy document; throws {@link PolicyGrammarError} with the first problem found. */
export function parsePolicyDocument(text: string, kind: PolicyKind): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyGrammarError(`The document is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(raw)) throw new PolicyGrammarError("The document must be a JSON object.");
  for (const key of Object.keys(raw)) {
    if (key !== "Version" && key !== "Statement") throw new PolicyGrammarError(`Unknown top-level element "${key}".`);
  }
  if (raw.Version !== "1") throw new PolicyGrammarError('Version must be the string "1".');
  if (!("Statement" in raw)) throw new PolicyGrammarError("Statement is required.");
  const list = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  if (list.length === 0) throw new PolicyGrammarError("Statement must not be empty.");
  return { version: "1", statements: list.map((statement, index) => parseStatement(statement, index, kind)) };
}
