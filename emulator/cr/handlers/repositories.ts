/**
 * Repositories (acr-api.md §3.3). A repository is named by `RepoId` or by `RepoNamespaceName` +
 * `RepoName`. Deletion is immediate and takes the tags with it, so DELETING/DELETED never show.
 */

import { gatewayErrors } from "../../core/gateway-errors";
import { arn } from "../arn";
import { CrCode, notFound } from "../errors";
import { namespaceOf, ownInstance, repoById, repoByName, type RepoLocation } from "../lookup";
import { listPage } from "../paging";
import { ensure, oneOf, optional, optionalBool, required, type CrCallContext, type CrHandler } from "../params";
import { repositoryFields, repositoryListItem } from "../render";
import { addRepository } from "../repo-store";
import { Detail, RepoName, Summary } from "../rules";
import type { InstanceRecord } from "../state";

/**
 * Finds the repository a request names and authorises `action` on it. By ID the names are unknown
 * until the look-up, so authorisation follows it there.
 */
export function locateRepo(ctx: CrCallContext, action: string): RepoLocation & { instance: InstanceRecord } {
  const instanceId = required(ctx, "InstanceId");
  const repoId = optional(ctx, "RepoId");
  if (repoId !== undefined) {
    const instance = ownInstance(ctx, instanceId);
    const found = repoById(instance, repoId);
    if (!found) throw notFound.repo(instanceId, repoId);
    ctx.authorize(action, arn.repository(ctx, instanceId, found.namespace.namespaceName, found.repo.repoName));
    return { instance, ...found };
  }
  const namespaceName = optional(ctx, "RepoNamespaceName");
  const repoName = optional(ctx, "RepoName");
  if (namespaceName === undefined || repoName === undefined) {
    throw gatewayErrors.missingParameter(namespaceName === undefined ? "RepoNamespaceName" : "RepoName");
  }
  ctx.authorize(action, arn.repository(ctx, instanceId, namespaceName, repoName));
  const instance = ownInstance(ctx, instanceId);
  const found = repoByName(instance, namespaceName, repoName);
  if (!found) throw notFound.repo(instanceId, `${namespaceName}/${repoName}`);
  return { instance, ...found };
}

const repoType = (ctx: CrCallContext) => oneOf(["PUBLIC", "PRIVATE"], required(ctx, "RepoType"), "RepoType", CrCode.ParamInvalid);

export const CreateRepository: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const namespaceName = required(ctx, "RepoNamespaceName");
  const repoName = required(ctx, "RepoName");
  required(ctx, "RepoType");
  const summary = required(ctx, "Summary");
  ctx.authorize("cr:CreateRepository", arn.repository(ctx, instanceId, namespaceName, repoName));
  const instance = ownInstance(ctx, instanceId);
  ensure(RepoName, repoName, CrCode.RepoNameInvalid, "RepoName");
  const type = repoType(ctx);
  ensure(Summary, summary, CrCode.ParamInvalid, "Summary");
  const detail = ensure(Detail, optional(ctx, "Detail") ?? "", CrCode.ParamInvalid, "Detail");
  const tagImmutability = optionalBool(ctx, "TagImmutability") ?? false;
  const namespace = namespaceOf(instance, namespaceName);
  const repo = addRepository(
    instance,
    namespace,
    { repoName, repoType: type, summary, detail, tagImmutability, buildType: "MANUAL" },
    ctx.now.getTime(),
  );
  ctx.changed();
  return { RepoId: repo.repoId };
};

export const GetRepository: CrHandler = (ctx) => {
  const { instance, namespace, repo } = locateRepo(ctx, "cr:GetRepository");
  return repositoryFields(instance, namespace, repo);
};

export const UpdateRepository: CrHandler = (ctx) => {
  required(ctx, "RepoType");
  const summary = required(ctx, "Summary");
  const { repo } = locateRepo(ctx, "cr:UpdateRepository");
  const type = repoType(ctx);
  ensure(Summary, summary, CrCode.ParamInvalid, "Summary");
  const detailText = optional(ctx, "Detail");
  const detail = detailText === undefined ? undefined : ensure(Detail, detailText, CrCode.ParamInvalid, "Detail");
  const tagImmutability = optionalBool(ctx, "TagImmutability");
  repo.repoType = type;
  repo.summary = summary;
  if (detail !== undefined) repo.detail = detail;
  if (tagImmutability !== undefined) repo.tagImmutability = tagImmutability;
  repo.modifiedTime = ctx.now.getTime();
  ctx.changed();
  return {};
};

export const DeleteRepository: CrHandler = (ctx) => {
  // RAM action not in the docs' table for this API; `cr:DeleteRepository` is in seed 003's.
  const { namespace, repo } = locateRepo(ctx, "cr:DeleteRepository");
  delete namespace.repositories[repo.repoName];
  ctx.changed();
  return {};
};

const REPO_STATUSES = ["NORMAL", "DELETING", "DELETED", "ALL"] as const;

/**
 * Without `RepoStatus` only NORMAL repositories are listed (acr-api.md §3.3 guesses so); `RepoName`
 * filters by substring (emulator choice). An unknown namespace lists nothing.
 */
export const ListRepository: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const namespaceName = optional(ctx, "RepoNamespaceName");
  ctx.authorize(
    "cr:ListRepository",
    namespaceName === undefined ? arn.instanceChildren(ctx, instanceId) : arn.namespaceChildren(ctx, instanceId, namespaceName),
  );
  const instance = ownInstance(ctx, instanceId);
  const statusText = optional(ctx, "RepoStatus");
  const status = statusText === undefined ? "NORMAL" : oneOf(REPO_STATUSES, statusText, "RepoStatus", CrCode.ParamInvalid);
  const repoName = optional(ctx, "RepoName");
  const rows = Object.values(instance.namespaces)
    .filter((n) => namespaceName === undefined || n.namespaceName === namespaceName)
    .flatMap((namespace) => Object.values(namespace.repositories).map((repo) => ({ namespace, repo })))
    .filter(({ repo }) => (status === "ALL" || repo.status === status) && (repoName === undefined || repo.repoName.includes(repoName)))
    .sort((a, b) => a.repo.createTime - b.repo.createTime || a.repo.repoId.localeCompare(b.repo.repoId));
  const { items, fields } = listPage(ctx, rows);
  return { Repositories: items.map(({ namespace, repo }) => repositoryListItem(instance, namespace, repo)), ...fields };
};
