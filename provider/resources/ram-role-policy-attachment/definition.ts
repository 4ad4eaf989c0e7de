import type { RamClient } from "../../../sdk/clients";
import { AcsError } from "../../../sdk/errors";
import type { ResourceDefinition } from "../../resource-definition";
import { ignoreNotFound, isAmbiguous, orUndefined } from "../lifecycle";
import { ramRolePolicyAttachmentInputs, ramRolePolicyAttachmentOutputs, type RamRolePolicyAttachmentInputs } from "./args";

type Inputs = RamRolePolicyAttachmentInputs;

/** `role:<roleName>:<policyType>:<policyName>`, Terraform's id shape for this resource. */
const idOf = (i: Inputs) => `role:${i.roleName}:${i.policyType}:${i.policyName}`;
const wire = (i: Inputs) => ({ RoleName: i.roleName, PolicyName: i.policyName, PolicyType: i.policyType });

/** Attached? undefined when the role itself is gone. */
async function isAttached(ram: RamClient, i: Inputs): Promise<boolean | undefined> {
  const listed = await orUndefined(() => ram.listPoliciesForRole({ RoleName: i.roleName }));
  if (!listed) return undefined;
  return listed.Policies.some((p) => p.PolicyName === i.policyName && (p.PolicyType ?? i.policyType) === i.policyType);
}

export const ramRolePolicyAttachmentDefinition: ResourceDefinition<Inputs, Inputs> = {
  name: "RamRolePolicyAttachment",
  description: "Attaches a System or Custom RAM policy to a RAM role.",
  inputs: ramRolePolicyAttachmentInputs,
  outputs: ramRolePolicyAttachmentOutputs,
  replaceKeys: ["roleName", "policyName", "policyType"],

  async create(ctx, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    // Attaching converges: an existing attachment is the wanted state, so adopt is implicit.
    try {
      await ram.attachPolicyToRole(wire(inputs));
    } catch (error) {
      if (AcsError.is(error, "EntityAlreadyExists.Role.Policy")) return { id: idOf(inputs), outs: inputs };
      if (!isAmbiguous(error) || !(await isAttached(ram, inputs))) throw error;
    }
    return { id: idOf(inputs), outs: inputs };
  },

  async read(ctx, _id, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    return (await isAttached(ram, inputs)) ? { outs: inputs, inputs } : undefined;
  },

  async delete(ctx, _id, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    await ignoreNotFound(() => ram.detachPolicyFromRole(wire(inputs)));
  },
};
