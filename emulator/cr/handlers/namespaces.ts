/**
 * Namespaces (acr-api.md §3.2). Deletion is immediate and cascades to the namespace's
 * repositories and tags (the docs: "also deletes every repository … and every image"); the
 * DELETING status therefore never shows. Sync rules that name the namespace are left alone: the
 * docs say nothing about them, and a dangling rule is visible rather than silently lost.
 */

import { gatewayErrors } from "../../core/gateway-errors";
import { arn } from "../arn";
import { CrCode, crFail, invalidParam, notFound } from "../errors";
import { entry, namespaceOf, ownInstance } from "../lookup";
import { pageFields, pageOf, readPage } from "../paging";
import { ensure, oneOf, optional, optionalBool, required, type CrCallContext, type CrHandler } from "../params";
import { namespaceFields } from "../render";
import { NamespaceName, RepoConfigurationJson } from "../rules";
import type { RepoConfigurationRecord } from "../state";
import { newNamespaceId } from "../ids";

/**
 * The namespace default from `DefaultRepoConfiguration` (JSON) and the deprecated `DefaultRepoType`;
 * given both, they must agree. Returns only what the request sets.
 */
function requestedConfiguration(ctx: CrCallContext): Partial<RepoConfigurationRecord> | undefined {
  const typeText = optional(ctx, "DefaultRepoType");
  const repoType = typeText === undefined ? undefined : oneOf(["PUBLIC", "PRIVATE"], typeText, "DefaultRepoType", CrCode.ParamInvalid);
  const json = optional(ctx, "DefaultRepoConfiguration");
  if (json === undefined) return repoType === undefined ? undefined : { repoType };
  const config = ensure(RepoConfigurationJson, json, CrCode.ParamInvalid, "DefaultRepoConfiguration");
  if (repoType !== undefined && repoType !== config.RepoType) {
    throw invalidParam("DefaultRepoType", "it contradicts DefaultRepoConfiguration.RepoType; send one of them.");
  }
  const out: RepoConfigurationRecord = { repoType: config.RepoType, tagImmutability: config.TagImmutability };
  if (config.ArtifactBuildRuleParameters) out.imageIndexOnly = config.ArtifactBuildRuleParameters.ImageIndexOnly;
  return out;
}

export const CreateNamespace: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const name = required(ctx, "NamespaceName");
  ctx.authorize("cr:CreateNamespace", arn.namespace(ctx, instanceId, name));
  const instance = ownInstance(ctx, instanceId);
  ensure(NamespaceName, name, CrCode.NamespaceNameInvalid, "NamespaceName");
  // Seed 003 §4.2: auto-create is on by default, and push-created repositories are private by default.
  const autoCreateRepo = optionalBool(ctx, "AutoCreateRepo") ?? true;
  const config = { repoType: "PRIVATE" as const, tagImmutability: false, ...requestedConfiguration(ctx) };
  if (entry(instance.namespaces, name)) throw crFail(CrCode.NamespaceAlreadyExist, `Namespace ${name} already exists in instance ${instanceId}.`);
  const count = Object.keys(instance.namespaces).length;
  if (count >= instance.quota.namespaces) {
    throw crFail(
      CrCode.NamespaceQuotaExceeded,
      `Instance ${instanceId} (${instance.edition} Edition) already has ${count} of its ${instance.quota.namespaces} namespaces; delete one or upgrade the instance.`,
    );
  }
  const now = ctx.now.getTime();
  instance.namespaces[name] = {
    namespaceId: newNamespaceId(),
    namespaceName: name,
    status: "NORMAL",
    autoCreateRepo,
    defaultRepoConfiguration: config,
    createTime: now,
    modifiedTime: now,
    repositories: {},
  };
  ctx.changed();
  // No NamespaceId in the response (acr-api.md §3.2): clients call GetNamespace.
  return {};
};

export const GetNamespace: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const name = optional(ctx, "NamespaceName");
  const id = optional(ctx, "NamespaceId");
  if (name === undefined && id === undefined) throw gatewayErrors.missingParameter("NamespaceName");
  if (name !== undefined) {
    ctx.authorize("cr:GetNamespace", arn.namespace(ctx, instanceId, name));
    const instance = ownInstance(ctx, instanceId);
    const namespace = namespaceOf(instance, name);
    if (id !== undefined && namespace.namespaceId !== id) throw notFound.namespace(instanceId, `${name} (${id})`);
    return namespaceFields(instance, namespace);
  }
  // By ID the name is unknown until looked up, so authorisation follows the look-up.
  const instance = ownInstance(ctx, instanceId);
  const namespace = Object.values(instance.namespaces).find((n) => n.namespaceId === id);
  if (!namespace) throw notFound.namespace(instanceId, id!);
  ctx.authorize("cr:GetNamespace", arn.namespace(ctx, instanceId, namespace.namespaceName));
  return namespaceFields(instance, namespace);
};

export const UpdateNamespace: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const name = required(ctx, "NamespaceName");
  ctx.authorize("cr:UpdateNamespace", arn.namespace(ctx, instanceId, name));
  const namespace = namespaceOf(ownInstance(ctx, instanceId), name);
  const autoCreateRepo = optionalBool(ctx, "AutoCreateRepo");
  const config = requestedConfiguration(ctx);
  if (autoCreateRepo !== undefined) namespace.autoCreateRepo = autoCreateRepo;
  if (config) namespace.defaultRepoConfiguration = { ...namespace.defaultRepoConfiguration, ...config };
  namespace.modifiedTime = ctx.now.getTime();
  ctx.changed();
  return {};
};

export const DeleteNamespace: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  const name = required(ctx, "NamespaceName");
  ctx.authorize("cr:DeleteNamespace", arn.namespace(ctx, instanceId, name));
  const instance = ownInstance(ctx, instanceId);
  namespaceOf(instance, name);
  delete instance.namespaces[name];
  ctx.changed();
  return {};
};

/** `NamespaceName` filters by substring (emulator choice: the docs do not say exact or fuzzy). */
export const ListNamespace: CrHandler = (ctx) => {
  const instanceId = required(ctx, "InstanceId");
  ctx.authorize("cr:ListNamespace", arn.instanceChildren(ctx, instanceId));
  const instance = ownInstance(ctx, instanceId);
  const page = readPage(ctx);
  const name = optional(ctx, "NamespaceName");
  const status = optional(ctx, "NamespaceStatus");
  const namespaces = Object.values(instance.namespaces)
    .filter((n) => (name === undefined || n.namespaceName.includes(name)) && (status === undefined || n.status === status))
    .sort((a, b) => a.createTime - b.createTime || a.namespaceName.localeCompare(b.namespaceName));
  return {
    Namespaces: pageOf(namespaces, page).map((n) => namespaceFields(instance, n)),
    ...pageFields(page, namespaces.length, "string"),
  };
};
