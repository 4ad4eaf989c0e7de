import type { GetPolicyResponse, RamClient } from "../../../sdk/clients";
import { AcsError } from "../../../sdk/errors";
import { ProviderError } from "../../errors";
import type { ResourceDefinition } from "../../resource-definition";
import { createOrAdopt, ignoreNotFound, orUndefined, partialOnFailure } from "../lifecycle";
import { canonicalPolicy, documentText } from "../ram/policy-document";
import { ramPolicyInputs, ramPolicyOutputs, type RamPolicyInputs, type RamPolicyOutputs } from "./args";

/** RAM keeps at most this many versions of a policy. */
export const MAX_POLICY_VERSIONS = 5;

const getPolicy = (ram: RamClient, name: string) => orUndefined(() => ram.getPolicy({ PolicyName: name, PolicyType: "Custom" }));

function observed(policy: GetPolicyResponse, inputs: RamPolicyInputs): RamPolicyInputs {
  return {
    ...inputs,
    name: policy.Policy.PolicyName,
    document: policy.DefaultPolicyVersion?.PolicyDocument ?? policy.Policy.PolicyDocument ?? inputs.document,
    // Unset means unmanaged: RAM cannot clear a description.
    description: inputs.description === undefined ? undefined : policy.Policy.Description ?? "",
  };
}

function outsOf(policy: GetPolicyResponse, inputs: RamPolicyInputs): RamPolicyOutputs {
  return { ...inputs, policyType: "Custom", defaultVersion: policy.Policy.DefaultVersion ?? "v1", attachmentCount: policy.Policy.AttachmentCount };
}

const versionNumber = (id: string) => Number(id.replace(/^v/, "")) || 0;

/**
 * Make `document` the default version: make room first (RAM keeps 5 versions, so the oldest
 * non-default one goes), then create the new version as default. Nothing happens when the
 * default already says the same thing.
 */
async function setDocument(ram: RamClient, name: string, document: RamPolicyInputs["document"]): Promise<void> {
  const current = await ram.getPolicy({ PolicyName: name, PolicyType: "Custom" });
  if (canonicalPolicy(current.DefaultPolicyVersion?.PolicyDocument ?? "") === canonicalPolicy(document)) return;
  const versions = (await ram.listPolicyVersions({ PolicyName: name, PolicyType: "Custom" })).PolicyVersions;
  if (versions.length >= MAX_POLICY_VERSIONS) {
    const oldest = versions.filter((v) => !v.IsDefaultVersion).sort((a, b) => versionNumber(a.VersionId) - versionNumber(b.VersionId))[0];
    if (oldest) await ignoreNotFound(() => ram.deletePolicyVersion({ PolicyName: name, VersionId: oldest.VersionId }));
  }
  await ram.createPolicyVersion({ PolicyName: name, PolicyDocument: documentText(document), SetAsDefault: true });
}

export const ramPolicyDefinition: ResourceDefinition<RamPolicyInputs, RamPolicyOutputs> = {
  name: "RamPolicy",
  description: "A custom RAM policy. Changing the document creates a new default version, rotating out the oldest when 5 exist.",
  inputs: ramPolicyInputs,
  outputs: ramPolicyOutputs,
  replaceKeys: ["name", "description"],
  normalize: (inputs) => ({ ...inputs, document: canonicalPolicy(inputs.document) as string }),

  async create(ctx, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    const { found, adopted } = await createOrAdopt({
      what: `RAM policy ${inputs.name}`,
      field: "name",
      adopt: inputs.adopt,
      find: () => getPolicy(ram, inputs.name),
      create: () => ram.createPolicy({ PolicyName: inputs.name, PolicyDocument: documentText(inputs.document), Description: inputs.description }),
      idAfterCreate: () => inputs.name,
    });
    if (!adopted) return { id: inputs.name, outs: outsOf(found, inputs) };
    return partialOnFailure(inputs.name, `adopted RAM policy ${inputs.name} but could not apply the document`, async () => {
      await setDocument(ram, inputs.name, inputs.document);
      return { id: inputs.name, outs: outsOf(await ram.getPolicy({ PolicyName: inputs.name, PolicyType: "Custom" }), inputs) };
    });
  },

  async read(ctx, id, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    const policy = await getPolicy(ram, id);
    if (!policy) return undefined;
    return { outs: outsOf(policy, observed(policy, inputs)), inputs: observed(policy, inputs) };
  },

  async update(ctx, id, _olds, news) {
    const { ram } = await ctx.clients(news.connection);
    await setDocument(ram, id, news.document);
    return outsOf(await ram.getPolicy({ PolicyName: id, PolicyType: "Custom" }), news);
  },

  async delete(ctx, id, inputs) {
    const { ram } = await ctx.clients(inputs.connection);
    try {
      await ignoreNotFound(() => ram.deletePolicy({ PolicyName: id, CascadingDelete: true }));
    } catch (error) {
      if (AcsError.is(error) && error.code.startsWith("DeleteConflict")) {
        throw new ProviderError(`RAM policy ${id} is still attached (${error.code}): delete its RamRolePolicyAttachment resources first and retry`, { code: "DeleteConflict", cause: error });
      }
      throw error;
    }
  },
};
