/**
 * Recovery after an interrupted `up`: a create that was in flight when `pulumi` (or the provider
 * host) was killed may have made its object, but the engine never learnt its ID, and a dynamic
 * provider cannot be `pulumi import`ed. With ADOPT_EXISTING_ENV=true in the environment of one
 * `pulumi up`, every create takes over an existing object with the same natural key, as
 * `adopt: true` would, without the program or the state recording `adopt`.
 */
export const ADOPT_EXISTING_ENV = "PULUMI_ACR_EE_ADOPT_EXISTING";

type Bag = Record<string, unknown>;

export function adoptExistingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ADOPT_EXISTING_ENV] === "true";
}

/** The inputs a create runs with: `adopt` switched on when requested and the program left it unset. */
export function withAdoptExisting(inputs: Bag, env: NodeJS.ProcessEnv = process.env): Bag {
  return adoptExistingRequested(env) && inputs.adopt === undefined ? { ...inputs, adopt: true } : inputs;
}

/** The outputs without the `adopt` the program never set, so the next preview shows no change. */
export function withoutImpliedAdopt(given: Bag, outs: Bag): Bag {
  if (given.adopt !== undefined || !("adopt" in outs)) return outs;
  const { adopt: _implied, ...rest } = outs;
  return rest;
}
