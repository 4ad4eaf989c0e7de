/**
 * Random policy cases over a small alphabet, so that patterns, conditions and requests meet often:
 * 1–4 statements spread over one or two identity documents, sometimes a session policy, and a
 * request drawn from the same alphabet. A failing case is shrunk (drop any array element or object
 * key while the documents stay valid and the disagreement stays) so the report is minimal.
 */

import type { RawDocument, RawStatement, ReferenceRequest } from "./policy-reference";

export interface Alphabet {
  actions: readonly string[];
  actionPatterns: readonly string[];
  resources: readonly string[];
  resourcePatterns: readonly string[];
  /** Operator → condition key → policy values to pick from. */
  conditions: Record<string, Record<string, readonly string[]>>;
  /** Request condition key → values it may take; a key may also be missing when `optionalContext`. */
  context: Record<string, readonly string[]>;
  optionalContext: boolean;
}

export interface PolicyCase {
  identity: RawDocument[];
  session?: RawDocument;
  request: ReferenceRequest;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;
function some<T>(random: Random, items: readonly T[], max: number): T[] {
  const count = 1 + Math.floor(random() * max);
  return Array.from({ length: count }, () => pick(random, items));
}
/** Single values and one-element arrays are equivalent; use both forms. */
const values = (random: Random, picked: string[]) => (picked.length === 1 && chance(random, 0.5) ? picked[0]! : picked);
const recase = (random: Random, key: string) => (chance(random, 0.2) ? key.toUpperCase() : key);

function condition(random: Random, alphabet: Alphabet): RawStatement["Condition"] {
  const block: NonNullable<RawStatement["Condition"]> = {};
  for (const operator of some(random, Object.keys(alphabet.conditions), 2)) {
    const name = chance(random, 0.15) ? `${operator}IfExists` : operator;
    const keys: Record<string, string | string[]> = {};
    for (const key of some(random, Object.keys(alphabet.conditions[operator]!), 2)) {
      keys[recase(random, key)] = values(random, some(random, alphabet.conditions[operator]![key]!, 2));
    }
    block[name] = keys;
  }
  return block;
}

function statement(random: Random, alphabet: Alphabet): RawStatement {
  const s: RawStatement = { Effect: chance(random, 0.3) ? "Deny" : "Allow" };
  const actions = values(random, some(random, alphabet.actionPatterns, 2));
  if (chance(random, 0.25)) s.NotAction = actions;
  else s.Action = actions;
  const resources = values(random, some(random, alphabet.resourcePatterns, 2));
  if (chance(random, 0.2)) s.NotResource = resources;
  else s.Resource = resources;
  if (chance(random, 0.4)) s.Condition = condition(random, alphabet);
  return s;
}

const document = (statements: RawStatement[]): RawDocument => ({ Version: "1", Statement: statements });

export function generateCase(random: Random, alphabet: Alphabet): PolicyCase {
  const statements = Array.from({ length: 1 + Math.floor(random() * 4) }, () => statement(random, alphabet));
  const split = statements.length > 1 && chance(random, 0.4) ? 1 + Math.floor(random() * (statements.length - 1)) : statements.length;
  const identity = [document(statements.slice(0, split)), ...(split < statements.length ? [document(statements.slice(split))] : [])];
  const session = chance(random, 0.4) ? document(Array.from({ length: 1 + Math.floor(random() * 2) }, () => statement(random, alphabet))) : undefined;
  const context: Record<string, string> = {};
  for (const [key, options] of Object.entries(alphabet.context)) {
    if (!alphabet.optionalContext || chance(random, 0.75)) context[key] = pick(random, options);
  }
  return { identity, ...(session ? { session } : {}), request: { action: pick(random, alphabet.actions), resource: pick(random, alphabet.resources), context } };
}

/** Every copy of `value` with one array element or object key removed, at any depth. */
function removals(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return [
      ...value.map((_, i) => value.filter((__, j) => j !== i)),
      ...value.flatMap((item, i) => removals(item).map((smaller) => value.map((x, j) => (j === i ? smaller : x)))),
    ];
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    return [
      ...entries.map(([k]) => Object.fromEntries(entries.filter(([other]) => other !== k))),
      ...entries.flatMap(([k, v]) => removals(v).map((smaller) => ({ ...value, [k]: smaller }))),
    ];
  }
  return [];
}

/** Greedy shrinking: keep taking the first smaller case that is still valid and still fails. */
export function shrink(failing: PolicyCase, stillFails: (candidate: PolicyCase) => boolean): PolicyCase {
  let current = failing;
  for (;;) {
    const next = (removals(current) as PolicyCase[]).find((candidate) => {
      const { request } = candidate;
      if (typeof request?.action !== "string" || typeof request.resource !== "string" || !Array.isArray(candidate.identity)) return false;
      try {
        return stillFails(candidate);
      } catch {
        return false; // The removal broke the grammar or the case's shape: not a smaller case.
      }
    });
    if (!next) return current;
    current = next;
  }
}
