/**
 * An independent reference for RAM policy evaluation, written from ram-sts-signing.md §2.2–2.3 as
 * decision tables. It shares no code with emulator/ram/policy: globbing is a backtracking matcher
 * (not a RegExp), dates compare as fixed-width ISO-8601 strings (not Date.parse), and address ranges
 * come from a membership table over the test alphabet (not bit masks). Documents are read raw, so
 * the "single value ≡ one-element array" rule is checked too.
 */

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";
type Values = string | string[];

export interface RawStatement {
  Effect: "Allow" | "Deny";
  Action?: Values;
  NotAction?: Values;
  Resource?: Values;
  NotResource?: Values;
  Condition?: Record<string, Record<string, Values>>;
}

export interface RawDocument {
  Version: "1";
  Statement: RawStatement | RawStatement[];
}

export interface ReferenceRequest {
  action: string;
  resource: string;
  /** Condition key (any case) → the request's single value; absent keys are missing. */
  context: Record<string, string>;
}

export interface ReferenceResult {
  decision: Decision;
  deciding?: "SessionPolicy" | "AccountLevelIdentityBasedPolicy";
}

const list = (value: Values | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** `*` = any run (including none), `?` = exactly one character, anchored at both ends. */
export function referenceGlob(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === "?" || (pattern[p] !== "*" && pattern[p] === value[v]))) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === "*") {
      starP = p++;
      starV = v;
    } else if (starP >= 0) {
      p = starP + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Which addresses of the alphabet each range holds, worked out by hand. */
export const ADDRESS_RANGES: Record<string, readonly string[]> = {
  "10.0.0.0/8": ["10.1.2.3"],
  "10.1.2.0/30": ["10.1.2.3"],
  "10.1.2.4/30": [],
  "127.0.0.1": ["127.0.0.1"],
  "127.0.0.0/31": ["127.0.0.1"],
  "192.168.0.0/16": ["192.168.1.1"],
  "0.0.0.0/0": ["10.1.2.3", "127.0.0.1", "192.168.1.1"],
};

function inRange(address: string, range: string): boolean {
  const members = ADDRESS_RANGES[range];
  if (!members) throw new Error(`the reference has no membership row for ${range}`);
  return members.includes(address);
}

const integer = (text: string) => (/^-?\d+$/.test(text) ? Number.parseInt(text, 10) : undefined);
function numeric(test: (a: number, b: number) => boolean) {
  return (a: string, e: string) => {
    const x = integer(a);
    const y = integer(e);
    return x !== undefined && y !== undefined && test(x, y);
  };
}
/** Every date in the alphabet is `YYYY-MM-DDTHH:MM:SSZ`, so string order is time order. */
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
function dated(test: (order: number) => boolean) {
  return (a: string, e: string) => ISO.test(a) && ISO.test(e) && test(a < e ? -1 : a > e ? 1 : 0);
}

/** Operator → (request value, policy value) comparison and whether it is negated (true when nothing matches). */
export const REFERENCE_OPERATORS: Record<string, { match: (actual: string, expected: string) => boolean; negated: boolean }> = {
  StringEquals: { match: (a, e) => a === e, negated: false },
  StringNotEquals: { match: (a, e) => a === e, negated: true },
  StringEqualsIgnoreCase: { match: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { match: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: true },
  StringLike: { match: (a, e) => referenceGlob(e, a), negated: false },
  StringNotLike: { match: (a, e) => referenceGlob(e, a), negated: true },
  NumericEquals: { match: numeric((a, b) => a === b), negated: false },
  NumericLessThan: { match: numeric((a, b) => a < b), negated: false },
  NumericGreaterThanEquals: { match: numeric((a, b) => a >= b), negated: false },
  DateLessThan: { match: dated((o) => o < 0), negated: false },
  DateLessThanEquals: { match: dated((o) => o <= 0), negated: false },
  DateGreaterThan: { match: dated((o) => o > 0), negated: false },
  DateEquals: { match: dated((o) => o === 0), negated: false },
  Bool: { match: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  IpAddress: { match: inRange, negated: false },
  NotIpAddress: { match: inRange, negated: true },
};

function lookup(context: Record<string, string>, key: string): string | undefined {
  const found = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : context[found];
}

/** One key of one operator: values OR; a missing key is false, true for a negated or `…IfExists` operator. */
function keyHolds(operator: string, expected: string[], actual: string | undefined): boolean {
  const ifExists = operator.endsWith("IfExists");
  const spec = REFERENCE_OPERATORS[ifExists ? operator.slice(0, -"IfExists".length) : operator];
  if (!spec) throw new Error(`the reference has no row for operator ${operator}`);
  if (actual === undefined) return ifExists || spec.negated;
  const any = expected.some((e) => spec.match(actual, e));
  return spec.negated ? !any : any;
}

/** Operators AND, keys within an operator AND. */
function conditionHolds(condition: RawStatement["Condition"], context: Record<string, string>): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => keyHolds(operator, list(values), lookup(context, key))),
  );
}

function statementMatches(statement: RawStatement, request: ReferenceRequest): boolean {
  const actionHit = (patterns: Values | undefined) => list(patterns).some((p) => referenceGlob(p.toLowerCase(), request.action.toLowerCase()));
  const resourceHit = (patterns: Values | undefined) => list(patterns).some((p) => referenceGlob(p, request.resource));
  const action = statement.Action !== undefined ? actionHit(statement.Action) : !actionHit(statement.NotAction);
  const resource = statement.Resource !== undefined ? resourceHit(statement.Resource) : !resourceHit(statement.NotResource);
  return action && resource && conditionHolds(statement.Condition, request.context);
}

/** The basic rule (§2.3) as a table: (a matching Deny?, a matching Allow?) → decision. */
const BASIC_RULE: Record<`${boolean}/${boolean}`, Decision> = {
  "true/true": "ExplicitDeny",
  "true/false": "ExplicitDeny",
  "false/true": "Allow",
  "false/false": "ImplicitDeny",
};

export function referenceBasic(documents: readonly RawDocument[], request: ReferenceRequest): Decision {
  const matching = documents
    .flatMap((d) => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]))
    .filter((s) => statementMatches(s, request));
  const deny = matching.some((s) => s.Effect === "Deny");
  const allow = matching.some((s) => s.Effect === "Allow");
  return BASIC_RULE[`${deny}/${allow}`];
}

/**
 * The standard order (§2.3): a session policy, when there is one, is judged first and anything but
 * Allow stops there; then the identity policies. So a session gets the intersection of both.
 */
export function referenceAuthorize(identity: readonly RawDocument[], session: RawDocument | undefined, request: ReferenceRequest): ReferenceResult {
  if (session) {
    const first = referenceBasic([session], request);
    if (first !== "Allow") return { decision: first, deciding: "SessionPolicy" };
  }
  const second = referenceBasic(identity, request);
  return second === "Allow" ? { decision: "Allow" } : { decision: second, deciding: "AccountLevelIdentityBasedPolicy" };
}
