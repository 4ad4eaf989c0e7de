import type { Repository } from "../../../sdk/clients";
import type { ResourceDefinition } from "../../resource-definition";
import { createOrAdopt, ignoreNotFound, orUndefined, partialOnFailure, waitUntilGone } from "../lifecycle";
import { repositoryInputs, repositoryOutputs, type RepositoryInputs, type RepositoryOutputs } from "./args";

/** The inputs as the service holds them; unset optional fields stay unset (no permanent diff). */
function observed(repo: Repository, inputs: RepositoryInputs): RepositoryInputs {
  const type = repo.RepoType === "PUBLIC" || repo.RepoType === "PRIVATE" ? repo.RepoType : inputs.repoType;
  return {
    ...inputs,
    name: repo.RepoName,
    namespace: repo.RepoNamespaceName,
    summary: repo.Summary ?? inputs.summary,
    repoType: type,
    detail: inputs.detail === undefined && !repo.Detail ? undefined : (repo.Detail ?? ""),
    tagImmutability: inputs.tagImmutability === undefined && !repo.TagImmutability ? undefined : (repo.TagImmutability ?? false),
  };
}

function outsOf(repo: Repository, inputs: RepositoryInputs): RepositoryOutputs {
  return { ...observed(repo, inputs), repoId: repo.RepoId, status: repo.RepoStatus, buildType: repo.RepoBuildType };
}

const byName = (i: RepositoryInputs) => ({ InstanceId: i.instanceId, RepoNamespaceName: i.namespace, RepoName: i.name });

function settings(i: RepositoryInputs) {
  return { RepoType: i.repoType, Summary: i.summary, Detail: i.detail, TagImmutability: i.tagImmutability };
}

export const repositoryDefinition: ResourceDefinition<RepositoryInputs, RepositoryOutputs> = {
  name: "Repository",
  description: "An image repository in a namespace of an ACR Enterprise Edition instance.",
  inputs: repositoryInputs,
  outputs: repositoryOutputs,
  replaceKeys: ["instanceId", "namespace", "name"],

  async create(ctx, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const find = () => orUndefined(() => cr.getRepository(byName(inputs)));
    const { found, adopted } = await createOrAdopt({
      what: `repository ${inputs.namespace}/${inputs.name} in ${inputs.instanceId}`,
      field: "name",
      adopt: inputs.adopt,
      find,
      create: () => cr.createRepository({ InstanceId: inputs.instanceId, RepoNamespaceName: inputs.namespace, RepoName: inputs.name, ...settings(inputs) }),
      idAfterCreate: (created) => (created as { RepoId: string }).RepoId,
    });
    if (!adopted) return { id: found.RepoId, outs: outsOf(found, inputs) };
    return partialOnFailure(found.RepoId, `adopted repository ${inputs.namespace}/${inputs.name} but could not apply the inputs`, async () => {
      await cr.updateRepository({ InstanceId: inputs.instanceId, RepoId: found.RepoId, ...settings(inputs) });
      return { id: found.RepoId, outs: outsOf(await cr.getRepository({ InstanceId: inputs.instanceId, RepoId: found.RepoId }), inputs) };
    });
  },

  async read(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const repo = await orUndefined(() => cr.getRepository({ InstanceId: inputs.instanceId, RepoId: id }));
    if (!repo || (repo.RepoStatus && repo.RepoStatus !== "NORMAL")) return undefined;
    return { outs: outsOf(repo, inputs), inputs: observed(repo, inputs) };
  },

  async update(ctx, id, _olds, news) {
    const { cr } = await ctx.clients(news.connection);
    await cr.updateRepository({ InstanceId: news.instanceId, RepoId: id, ...settings(news), Detail: news.detail ?? "", TagImmutability: news.tagImmutability ?? false });
    return outsOf(await cr.getRepository({ InstanceId: news.instanceId, RepoId: id }), news);
  },

  async delete(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const locator = { InstanceId: inputs.instanceId, RepoId: id };
    await ignoreNotFound(() => cr.deleteRepository(locator));
    await waitUntilGone(`repository ${inputs.namespace}/${inputs.name}`, async () => {
      const repo = await orUndefined(() => cr.getRepository(locator));
      return repo === undefined || repo.RepoStatus === "DELETED";
    });
  },
};
