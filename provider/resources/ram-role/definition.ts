import type { Role } from "../../../sdk/clients";
import { AcsError } from "../../../sdk/errors";
import { ProviderError } from "../../errors";
import type { ResourceDefinition } from "../../resource-definition";
import { createOrAdopt, ignoreNotFound, orUndefined, partialOnFailure } from "../lifecycle";
import { canonicalPolicy, documentText } from "../ram/policy-document";
import { ramRoleInputs, ramRoleOutputs, type RamRoleInputs, type RamRoleOutputs } from "./args";

/**
 * The inputs as RAM holds them. A description or duration the program leaves unset is not managed
 * (RAM cannot clear a description), so it is not reported as drift.
 */
function observed(role: Role, inputs: RamRoleInputs): RamRoleInputs {
  return {
    ...inputs,
    name: role.RoleName,
    assumeRolePolicyDocument: role.AssumeRolePolicyDocument ?? inputs.assumeRolePolicyDocument,
    description: inputs.description === undefined ? undefined : role.Description ?? "",
    maxSessionDuration: inputs.maxSessionDuration === undefined ? undefined : role.MaxSessionDuration,
  };
}

function outsOf(role: Role, inputs: RamRoleInputs): RamRoleOutputs {
  return { ...inputs, arn: role.Arn ?? "", roleId: role.RoleId };
}

function changes(role: Role, wanted: RamRoleInputs) {
  const doc = documentText(wanted.assumeRolePolicyDocument);
  return {
    RoleName: wanted.name,
    NewAssumeRolePolicyDocument: canonicalPolicy(doc) === canonicalPolicy(role.AssumeRolePolicyDocument ?? "") ? undefined : doc,
    NewDescription: wanted.description !== undefined && wanted.description !== role.Description ? wanted.description : undefined,
    NewMaxSessionDuration: wanted.maxSessionDuration !== undefined && wanted.maxSessionDuration !== role.MaxSessionDuration ? wanted.maxSessionDuration : undefined,
  };
}

export const ramRoleDefinition: ResourceDefinition<RamRoleInputs, RamRoleOutputs> = {
  name: "RamRole",
  description: "A RAM role: a trust policy saying who may assume it, plus a session limit.",
  inputs: ramRoleInputs,
  outputs: ramRoleOutputs,
  replaceKeys: ["name"],
  normalize: (inputs) => ({ ...inputs, assumeRolePolicyDocument: canonicalPolicy(inputs.assumeRolePolicyDocument) as string }),

  async create(ctx, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    const find = () => orUndefined(async () => (await ram.getRole({ RoleName: inputs.name })).Role);
    const { found, adopted } = await createOrAdopt({
      what: `RAM role ${inputs.name}`,
      field: "name",
      adopt: inputs.adopt,
      find,
      create: () =>
        ram.createRole({
          RoleName: inputs.name,
          AssumeRolePolicyDocument: documentText(inputs.assumeRolePolicyDocument),
          Description: inputs.description,
          MaxSessionDuration: inputs.maxSessionDuration,
        }),
      idAfterCreate: () => inputs.name,
    });
    if (!adopted) return { id: found.RoleName, outs: outsOf(found, inputs) };
    return partialOnFailure(found.RoleName, `adopted RAM role ${inputs.name} but could not apply the inputs`, async () => {
      const update = changes(found, inputs);
      const role = update.NewAssumeRolePolicyDocument || update.NewDescription || update.NewMaxSessionDuration ? (await ram.updateRole(update)).Role : found;
      return { id: role.RoleName, outs: outsOf(role, inputs) };
    });
  },

  async read(ctx, id, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    const role = await orUndefined(async () => (await ram.getRole({ RoleName: id })).Role);
    if (!role) return undefined;
    return { outs: outsOf(role, observed(role, inputs)), inputs: observed(role, inputs) };
  },

  async update(ctx, id, _olds, news) {
    const { ram } = await ctx.clients(news.connection);
    const current = (await ram.getRole({ RoleName: id })).Role;
    const update = changes(current, news);
    const role = update.NewAssumeRolePolicyDocument || update.NewDescription || update.NewMaxSessionDuration ? (await ram.updateRole(update)).Role : current;
    return outsOf(role, news);
  },

  async delete(ctx, id, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    try {
      await ignoreNotFound(() => ram.deleteRole({ RoleName: id }));
    } catch (error) {
      if (AcsError.is(error, "DeleteConflict.Role.Policy")) {
        throw new ProviderError(`RAM role ${id} still has policies attached: delete their RamRolePolicyAttachment resources first (or detach them) and retry`, { code: "DeleteConflict", cause: error });
      }
      throw error;
    }
  },
};
