/**
 * The Condition block (ram-sts-signing.md §2.2): several values for one key are OR, several keys
 * under one operator are AND, several operators are AND. Keys are matched case-insensitively.
 * A key missing from the request makes a positive operator false and a negated one true;
 * the `…IfExists` form is true when the key is missing.
 */

import { isIP } from "node:net";
import type { ConditionBlock } from "./document";
import { globMatch } from "./match";

/** Request facts by lowercase condition key, e.g. `acs:sourceip`, `sts:externalid`. */
export type ConditionContext = Record<string, string[]>;

export function conditionContext(entries: Record<string, string | string[] | undefined>): ConditionContext {
  const context: ConditionContext = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    context[key.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return context;
}

type Compare = (actual: string, expected: string) => boolean;

function numeric(test: (a: number, b: number) => boolean): Compare {
  return (actual, expected) => {
    const a = Number(actual);
    const b = Number(expected);
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };
}

function date(test: (a: number, b: number) => boolean): Compare {
  return (actual, expected) => {
    const a = Date.parse(actual);
    const b = Date.parse(expected);
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };
}

function ipv4ToNumber(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** `expected` is an IPv4 address or CIDR; IPv6 is compared literally (the emulator listens on IPv4). */
function inRange(actual: string, expected: string): boolean {
  const ip = actual.replace(/^::ffff:/, "");
  const [base, bitsText] = expected.split("/") as [string, string | undefined];
  if (isIP(ip) !== 4 || isIP(base) !== 4) return ip === expected;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipv4ToNumber(ip) & mask) >>> 0) === ((ipv4ToNumber(base) & mask) >>> 0);
}

/** Each operator: its comparison and whether it is a negation (true when no value matches). */
const OPERATORS: Record<string, { compare: Compare; negated: boolean }> = {
  StringEquals: { compare: (a, b) => a === b, negated: false },
  StringNotEquals: { compare: (a, b) => a === b, negated: true },
  StringEqualsIgnoreCase: { compare: (a, b) => a.toLowerCase() === b.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { compare: (a, b) => a.toLowerCase() === b.toLowerCase(), negated: true },
  StringLike: { compare: (a, b) => globMatch(b, a), negated: false },
  StringNotLike: { compare: (a, b) => globMatch(b, a), negated: true },
  NumericEquals: { compare: numeric((a, b) => a === b), negated: false },
  NumericNotEquals: { compare: numeric((a, b) => a === b), negated: true },
  NumericLessThan: { compare: numeric((a, b) => a < b), negated: false },
  NumericLessThanEquals: { compare: numeric((a, b) => a <= b), negated: false },
  NumericGreaterThan: { compare: numeric((a, b) => a > b), negated: false },
  NumericGreaterThanEquals: { compare: numeric((a, b) => a >= b), negated: false },
  DateEquals: { compare: date((a, b) => a === b), negated: false },
  DateNotEquals: { compare: date((a, b) => a === b), negated: true },
  DateLessThan: { compare: date((a, b) => a < b), negated: false },
  DateLessThanEquals: { compare: date((a, b) => a <= b), negated: false },
  DateGreaterThan: { compare: date((a, b) => a > b), negated: false },
  DateGreaterThanEquals: { compare: date((a, b) => a >= b), negated: false },
  Bool: { compare: (a, b) => a.toLowerCase() === b.toLowerCase(), negated: false },
  IpAddress: { compare: inRange, negated: false },
  NotIpAddress: { compare: inRange, negated: true },
};

function keyHolds(operator: string, expected: string[], actual: string[] | undefined): boolean {
  const ifExists = operator.endsWith("IfExists");
  const spec = OPERATORS[ifExists ? operator.slice(0, -"IfExists".length) : operator];
  if (!spec) return false; // The grammar check refuses unknown operators; stay closed if one slips by.
  if (actual === undefined || actual.length === 0) return ifExists || spec.negated;
  const anyMatch = actual.some((a) => expected.some((e) => spec.compare(a, e)));
  return spec.negated ? !anyMatch : anyMatch;
}

export function conditionsHold(block: ConditionBlock | undefined, context: ConditionContext): boolean {
  if (!block) return true;
  for (const [operator, keys] of Object.entries(block)) {
    for (const [key, expected] of Object.entries(keys)) {
      if (!keyHolds(operator, expected, context[key.toLowerCase()])) return false;
    }
  }
  return true;
}
