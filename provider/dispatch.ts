/**
 * The generic dynamic-provider logic, loaded at call time by the tiny serialized provider
 * (adapter.ts): check / diff / create / read / update / delete for any registered definition.
 * The stack connection comes from configure(); each resource's `connection` input wins field by field.
 */
import { withAdoptExisting, withoutImpliedAdopt } from "./adopt-existing";
import { clientsFor } from "./clients";
import { connectionFromStackConfig, mergeConnection, type Connection } from "./connection";
import { loadDefinitions } from "./definitions";
import { diffInputs, type DiffResult } from "./diff";
import { PartialCreateError, ProviderError } from "./errors";
import { issuesToFailures, type CheckFailure } from "./failures";
import { PROVIDER_KEY, isUnknownAt, pickInputs, schemaKeys } from "./inputs";
import { toPulumiValue } from "./pulumi-value";
import { redactError, secretValues } from "./redact";
import type { ResourceContext, ResourceDefinition } from "./resource-definition";

type Bag = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = ResourceDefinition<any, any>;

/** The alicloud:* keys @pulumi/alicloud reads; configure() copies exactly these from the stack config. */
export const STACK_CONFIG_KEYS = ["region", "accessKey", "secretKey", "securityToken", "profile", "assumeRole", "endpoints"].map((k) => `alicloud:${k}`);

let stackConnection: Connection = {};
let stackSecrets: string[] = [];

/** Capture the stack's alicloud:* config; `get` is the engine's config lookup (dynamic ConfigureRequest.config.get). */
export function configure(get: (key: string) => string | undefined): void {
  const raw: Record<string, string> = {};
  for (const key of STACK_CONFIG_KEYS) {
    const value = get(key);
    if (value !== undefined) raw[key] = value;
  }
  stackConnection = connectionFromStackConfig(raw);
  stackSecrets = secretValues({ connection: stackConnection });
}

/** The stack connection (tests, and resources that need to know the default). */
export function currentStackConnection(): Connection {
  return stackConnection;
}

/** For tests: forget configure(). */
export function resetConfiguration(): void {
  stackConnection = {};
  stackSecrets = [];
}

function definition(name: string): AnyDefinition {
  const found = loadDefinitions()[name];
  if (!found) throw new ProviderError(`unknown resource type ${name}: upgrade pulumi-acr-ee so it matches the program that created this resource`);
  return found;
}

function context(): ResourceContext {
  return {
    clients: async (connection?: Connection) => clientsFor(mergeConnection(connection, stackConnection)),
    log: (message: string) => console.log(message),
  };
}

function inputsOf(def: AnyDefinition, bag: Bag): Bag {
  return pickInputs(bag, schemaKeys(def.inputs));
}

/** New inputs as the schema parses them (check() already accepted them); the raw bag if it no longer parses. */
function parsedInputs(def: AnyDefinition, bag: Bag): Bag {
  const given = inputsOf(def, bag);
  const parsed = def.inputs.safeParse(given);
  return parsed.success ? withoutUndefined(parsed.data as Bag) : given;
}

/** Run `work`, scrubbing every secret we know of from whatever it throws. */
async function guarded<T>(def: AnyDefinition, bags: Bag[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const secrets = [...stackSecrets, ...bags.flatMap((b) => secretValues(b, def.secretOutputs))];
    throw redactError(error, secrets);
  }
}

/** The computed part of an output bag: what is not a declared input. */
function outputsOnly(def: AnyDefinition, bag: Bag): Bag {
  const keys = schemaKeys(def.inputs) ?? [];
  return Object.fromEntries(Object.entries(bag).filter(([k]) => k !== PROVIDER_KEY && !keys.includes(k)));
}

function withoutUndefined(bag: Bag): Bag {
  return Object.fromEntries(Object.entries(bag).filter(([, v]) => v !== undefined));
}

export interface CheckResult {
  inputs: Bag;
  failures: CheckFailure[];
}

/** zod validation, no API calls. Values still unknown at preview are not judged. */
export async function check(name: string, _olds: Bag, news: Bag): Promise<CheckResult> {
  const def = definition(name);
  const candidate = withStackRegion(pickInputs(news, undefined));
  const parsed = def.inputs.safeParse(candidate);
  if (parsed.success) return { inputs: toPulumiValue(name, news), failures: [] };
  const judged = parsed.error.issues.filter((issue) => !isUnknownAt(candidate, issue.path));
  return { inputs: toPulumiValue(name, news), failures: issuesToFailures(judged) };
}

/**
 * For validation only: the stack's region fills in a resource connection's missing region, so
 * region rules (no Finance/Gov target from a public region) hold at preview without a per-resource region.
 */
function withStackRegion(candidate: Bag): Bag {
  const region = stackConnection.region;
  const own = candidate.connection;
  if (region === undefined) return candidate;
  if (own === undefined) return { ...candidate, connection: { region } };
  if (typeof own === "object" && own !== null && !Array.isArray(own) && (own as Bag).region === undefined) {
    return { ...candidate, connection: { ...(own as Bag), region } };
  }
  return candidate;
}

/** Replace vs update over the declared inputs only (olds are the old outputs), after normalisation. */
export async function diff(name: string, _id: string, olds: Bag, news: Bag): Promise<DiffResult> {
  const def = definition(name);
  const normalize = (bag: Bag) => (def.normalize ? (def.normalize(bag) as Bag) : bag);
  return diffInputs(normalize(inputsOf(def, olds)), normalize(inputsOf(def, news)), def.replaceKeys);
}

export async function create(name: string, inputs: Bag): Promise<{ id: string; outs: Bag }> {
  const def = definition(name);
  const given = parsedInputs(def, inputs);
  return guarded(def, [given], async () => {
    try {
      const { id, outs } = await def.create(context(), withAdoptExisting(given));
      return { id, outs: toPulumiValue(name, { ...given, ...withoutImpliedAdopt(given, outs) }) };
    } catch (error) {
      // The engine records id + properties, so the object is not orphaned; it needs __provider to be usable later.
      if (error instanceof PartialCreateError) {
        Object.assign(error.properties, toPulumiValue(name, { ...given, ...error.properties }), { [PROVIDER_KEY]: inputs[PROVIDER_KEY] });
      }
      throw error;
    }
  });
}

/** Refresh: id "" when the object is gone (the engine drops it); inputs as read back, so drift shows in the next diff. */
export async function read(name: string, id: string, props: Bag): Promise<{ id: string; props: Bag; inputs?: Bag }> {
  const def = definition(name);
  const stored = inputsOf(def, props);
  return guarded(def, [props], async () => {
    const result = await def.read(context(), id, stored, props);
    if (!result) return { id: "", props: {} };
    // connection and adopt are ours, not the cloud's: keep them as they were.
    const inputs = toPulumiValue(name, { connection: stored.connection, adopt: stored.adopt, ...result.inputs });
    // Outputs the service cannot show (write-only secrets) keep their stored values.
    return { id, props: toPulumiValue(name, { ...outputsOnly(def, props), ...inputs, ...result.outs }), inputs };
  });
}

export async function update(name: string, id: string, olds: Bag, news: Bag): Promise<{ outs: Bag }> {
  const def = definition(name);
  const before = inputsOf(def, olds);
  const after = parsedInputs(def, news);
  return guarded(def, [before, after, olds], async () => {
    if (!def.update) throw new ProviderError(`${name} cannot be updated in place; this change should have been a replacement`);
    const outs = await def.update(context(), id, before, after);
    return { outs: toPulumiValue(name, { ...outputsOnly(def, olds), ...after, ...outs }) };
  });
}

export async function remove(name: string, id: string, props: Bag): Promise<void> {
  const def = definition(name);
  const stored = inputsOf(def, props);
  await guarded(def, [props], () => def.delete(context(), id, stored));
}
export { remove as delete };
