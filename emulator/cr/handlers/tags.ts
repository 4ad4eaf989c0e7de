/**
 * Image tags (acr-api.md §3.4). The API cannot push: tags are written by the data plane through
 * record-tag.ts. Lists are newest first (the order is undocumented; acr-api.md suggests it).
 */

import { notFound } from "../errors";
import { entry } from "../lookup";
import { listPage } from "../paging";
import { required, type CrHandler } from "../params";
import { tagFields } from "../render";
import { locateRepo } from "./repositories";

export const ListRepoTag: CrHandler = (ctx) => {
  required(ctx, "RepoId");
  const { repo } = locateRepo(ctx, "cr:ListRepositoryTag");
  const tags = Object.values(repo.tags).sort((a, b) => b.updateTime - a.updateTime || a.tag.localeCompare(b.tag));
  const { items, fields } = listPage(ctx, tags);
  return { Images: items.map((tag) => tagFields(tag, "string")), ...fields };
};

export const GetRepoTag: CrHandler = (ctx) => {
  required(ctx, "RepoId");
  const tagName = required(ctx, "Tag");
  // RAM action inferred from the ListRepoTag/DeleteRepoTag pattern (acr-api.md §4.2).
  const { namespace, repo } = locateRepo(ctx, "cr:GetRepositoryTag");
  const tag = entry(repo.tags, tagName);
  if (!tag) throw notFound.tag(`${namespace.namespaceName}/${repo.repoName}`, tagName);
  return tagFields(tag, "number");
};

export const DeleteRepoTag: CrHandler = (ctx) => {
  required(ctx, "RepoId");
  const tagName = required(ctx, "Tag");
  const { namespace, repo } = locateRepo(ctx, "cr:DeleteRepositoryTag");
  if (!entry(repo.tags, tagName)) throw notFound.tag(`${namespace.namespaceName}/${repo.repoName}`, tagName);
  delete repo.tags[tagName];
  repo.modifiedTime = ctx.now.getTime();
  ctx.changed();
  return {};
};
