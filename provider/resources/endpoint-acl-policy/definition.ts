import type { ResourceDefinition } from "../../resource-definition";
import { ProviderError } from "../../errors";
import { ignoreNotFound, isAlreadyExists, orUndefined, partialOnFailure } from "../lifecycle";
import { serializedBy } from "../serialize";
import { endpointAclPolicyInputs, endpointAclPolicyOutputs, type EndpointAclPolicyInputs, type EndpointAclPolicyOutputs } from "./args";

type Ctx = Parameters<ResourceDefinition<object, object>["create"]>[0];

/** `<instanceId>:<endpointType>:<entry>`, as @pulumi/alicloud forms it. */
const idOf = (i: EndpointAclPolicyInputs) => `${i.instanceId}:${i.endpointType ?? "internet"}:${i.entry}`;

function locator(i: EndpointAclPolicyInputs) {
  return { InstanceId: i.instanceId, EndpointType: i.endpointType ?? "internet", ModuleName: i.moduleName ?? "Registry" };
}

/** The entry as the service lists it, or undefined (also when the instance is gone). */
async function findEntry(ctx: Ctx, i: EndpointAclPolicyInputs) {
  const { cr } = await ctx.clients(i.connection);
  const endpoint = await orUndefined(() => cr.getInstanceEndpoint(locator(i)));
  return endpoint?.AclEntries.find((e) => e.Entry === i.entry);
}

function observed(i: EndpointAclPolicyInputs, comment: string | undefined): EndpointAclPolicyInputs {
  // An unset description is the service's business (it may default one): no permanent diff.
  return { ...i, description: i.description === undefined ? undefined : (comment ?? "") };
}

export const endpointAclPolicyDefinition: ResourceDefinition<EndpointAclPolicyInputs, EndpointAclPolicyOutputs> = {
  name: "EndpointAclPolicy",
  description:
    "One IPv4 CIDR entry in an ACR EE instance endpoint's access-control list (the whitelist checked before `docker login`). Several entries on one instance are created and deleted one at a time, so they never overwrite each other.",
  inputs: endpointAclPolicyInputs,
  outputs: endpointAclPolicyOutputs,
  // There is no update call: every change is a new entry.
  replaceKeys: ["instanceId", "entry", "description", "endpointType", "moduleName"],

  async create(ctx, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    return serializedBy(inputs.instanceId, async () => {
      const existing = await findEntry(ctx, inputs);
      if (existing && !inputs.adopt) {
        throw new ProviderError(`entry ${inputs.entry} is already in the ${locator(inputs).EndpointType} ACL of ${inputs.instanceId}: set adopt: true to manage it, or choose another entry`, { field: "entry", code: "AlreadyExists" });
      }
      // Adopting an entry with another comment: the comment cannot be changed in place, so it is rewritten.
      if (existing && existing.Comment === (inputs.description ?? existing.Comment)) return { id: idOf(inputs), outs: observed(inputs, existing.Comment) };
      if (existing) await cr.deleteInstanceEndpointAclPolicy({ ...locator(inputs), Entry: inputs.entry });
      // The sdk repeats this call after an ambiguous failure; then the first attempt may have added it.
      await cr.createInstanceEndpointAclPolicy({ ...locator(inputs), Entry: inputs.entry, Comment: inputs.description }).catch((error: unknown) => {
        if (!isAlreadyExists(error)) throw error;
      });
      return partialOnFailure(idOf(inputs), `entry ${inputs.entry} was added but could not be read back`, async () => {
        const added = await findEntry(ctx, inputs);
        if (!added) throw new ProviderError(`entry ${inputs.entry} was added to ${inputs.instanceId} but is not listed: run \`pulumi up\` again`, { code: "NotReadable" });
        return { id: idOf(inputs), outs: observed(inputs, added.Comment) };
      });
    });
  },

  async read(ctx, _id, inputs) {
    const entry = await findEntry(ctx, inputs);
    if (!entry) return undefined;
    const now = observed(inputs, entry.Comment);
    return { outs: now, inputs: now };
  },

  async delete(ctx, _id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    await serializedBy(inputs.instanceId, () => ignoreNotFound(() => cr.deleteInstanceEndpointAclPolicy({ ...locator(inputs), Entry: inputs.entry })));
  },
};
