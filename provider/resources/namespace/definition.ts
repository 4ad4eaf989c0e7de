import type { Namespace } from "../../../sdk/clients";
import type { ResourceDefinition } from "../../resource-definition";
import { createOrAdopt, ignoreNotFound, orUndefined, partialOnFailure, waitUntilGone } from "../lifecycle";
import { namespaceInputs, namespaceOutputs, type NamespaceInputs, type NamespaceOutputs } from "./args";

/** The id is `<instanceId>:<name>`, since CreateNamespace returns no ID and calls address namespaces by name. */
const idOf = (i: NamespaceInputs) => `${i.instanceId}:${i.name}`;

function outsOf(ns: Namespace, inputs: NamespaceInputs): NamespaceOutputs {
  return { ...inputs, ...observed(ns, inputs), namespaceId: ns.NamespaceId, status: ns.NamespaceStatus };
}

/** The inputs as the service holds them. */
function observed(ns: Namespace, inputs: NamespaceInputs): NamespaceInputs {
  const type = ns.DefaultRepoConfiguration?.RepoType ?? ns.DefaultRepoType;
  return {
    ...inputs,
    name: ns.NamespaceName,
    // Fields the program leaves unset are the service's business: reporting them would be a permanent diff.
    autoCreateRepo: inputs.autoCreateRepo === undefined ? undefined : ns.AutoCreateRepo,
    defaultRepoType: inputs.defaultRepoType === undefined || (type !== "PUBLIC" && type !== "PRIVATE") ? inputs.defaultRepoType : type,
  };
}

function settings(i: NamespaceInputs) {
  return { InstanceId: i.instanceId, NamespaceName: i.name, AutoCreateRepo: i.autoCreateRepo, DefaultRepoType: i.defaultRepoType };
}

export const namespaceDefinition: ResourceDefinition<NamespaceInputs, NamespaceOutputs> = {
  name: "Namespace",
  description: "A namespace in an ACR Enterprise Edition instance.",
  inputs: namespaceInputs,
  outputs: namespaceOutputs,
  replaceKeys: ["instanceId", "name"],

  async create(ctx, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const find = () => orUndefined(() => cr.getNamespace({ InstanceId: inputs.instanceId, NamespaceName: inputs.name }));
    const { found, adopted } = await createOrAdopt({
      what: `namespace ${inputs.name} in ${inputs.instanceId}`,
      field: "name",
      adopt: inputs.adopt,
      find,
      create: () => cr.createNamespace(settings(inputs)),
      idAfterCreate: () => idOf(inputs),
    });
    if (!adopted) return { id: idOf(inputs), outs: outsOf(found, inputs) };
    return partialOnFailure(idOf(inputs), `adopted namespace ${inputs.name} but could not apply the inputs`, async () => {
      await cr.updateNamespace(settings(inputs));
      return { id: idOf(inputs), outs: outsOf((await find()) ?? found, inputs) };
    });
  },

  async read(ctx, _id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const ns = await orUndefined(() => cr.getNamespace({ InstanceId: inputs.instanceId, NamespaceName: inputs.name }));
    if (!ns || ns.NamespaceStatus === "DELETING") return undefined;
    return { outs: outsOf(ns, inputs), inputs: observed(ns, inputs) };
  },

  async update(ctx, _id, _olds, news) {
    const { cr } = await ctx.clients(news.connection);
    await cr.updateNamespace(settings(news));
    const ns = await cr.getNamespace({ InstanceId: news.instanceId, NamespaceName: news.name });
    return outsOf(ns, news);
  },

  async delete(ctx, _id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const locator = { InstanceId: inputs.instanceId, NamespaceName: inputs.name };
    await ignoreNotFound(() => cr.deleteNamespace(locator));
    await waitUntilGone(`namespace ${inputs.name}`, async () => (await orUndefined(() => cr.getNamespace(locator))) === undefined);
  },
};
