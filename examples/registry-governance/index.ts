/**
 * Registry governance (issue 14): the instance is looked up by name instead of hard-coded, and the
 * program declares who may reach its internet endpoint, how many tags each repository keeps, who is
 * told about a release push, and a manual replication rule that `triggers` runs on demand.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ArtifactLifecycleRule,
  EndpointAclPolicy,
  getInstances,
  InternetEndpoint,
  Namespace,
  ReplicationRule,
  ReplicationRuleRun,
  RepoTrigger,
  Repository,
} from "pulumi-acr-ee";

const config = new pulumi.Config();
const namespaceName = config.get("namespace") ?? "governed";
const repositoryName = config.get("repository") ?? "app";
const targetRegion = config.require("targetRegion");
const targetInstanceId = config.require("targetInstanceId");

// No hard-coded instance ID or registry host: the instance is found by name.
const found = getInstances({ nameRegex: config.require("instanceNameRegex"), status: "RUNNING" });
const instanceId = found.ids.apply((ids) => {
  if (ids.length === 0) throw new Error("no RUNNING instance matches instanceNameRegex");
  return ids[0]!;
});

// The internet endpoint is open, and only the listed block may reach it (`aclEntry`, default loopback).
const endpoint = new InternetEndpoint("internet", { instanceId, enable: true });
new EndpointAclPolicy("allowed", { instanceId, entry: config.get("aclEntry") ?? "127.0.0.1/32", description: "who may docker login" }, { dependsOn: endpoint });

const namespace = new Namespace("governed", { instanceId, name: namespaceName, autoCreateRepo: false, defaultRepoType: "PRIVATE" });
const repository = new Repository("app", { instanceId, namespace: namespace.name, name: repositoryName, summary: "Governed application images", repoType: "PRIVATE" });

// Keep the 3 newest tags of the repository, and every release-* tag whatever its age.
const retention = new ArtifactLifecycleRule("keep-3", {
  instanceId,
  scope: "REPO",
  namespaceName: namespace.name,
  repoName: repository.name,
  retentionTagCount: 3,
  tagRegexp: "release-.*",
  auto: true,
  scheduleTime: "WEEK",
  enableDeleteTag: true,
});

// Announce every release push; the URL may carry a token, so it stays a secret.
new RepoTrigger("release-hook", {
  instanceId,
  repoId: repository.repoId,
  name: "release-push",
  url: config.requireSecret("webhookUrl"),
  type: "TAG_REG_EXP",
  tagRegexp: "release-.*",
});

// A manual (INITIATIVE) rule copies release tags to the target; it runs when `runId` changes.
const targetNamespace = new Namespace("target", { instanceId: targetInstanceId, name: namespaceName, autoCreateRepo: true, defaultRepoType: "PRIVATE", connection: { region: targetRegion } });
const rule = new ReplicationRule("releases-to-target", {
  instanceId,
  namespaceName: namespace.name,
  syncRuleName: "releases-to-target",
  targetRegionId: targetRegion,
  targetInstanceId,
  targetNamespaceName: targetNamespace.name,
  syncScope: "NAMESPACE",
  tagFilter: "release-.*",
  syncTrigger: "INITIATIVE",
});
const runId = config.get("runId");
const run = runId
  ? new ReplicationRuleRun("release-run", { instanceId, syncRuleId: rule.syncRuleId, namespaceName: namespace.name, repoName: repository.name, triggers: { runId } })
  : undefined;

export const registryHost = found.instances.apply((all) => all[0]?.registryHost);
export const instanceQuota = found.instances.apply((all) => ({ namespaces: `${all[0]?.namespaceUsage}/${all[0]?.namespaceQuota}`, repositories: `${all[0]?.repoUsage}/${all[0]?.repoQuota}` }));
export const retentionRuleId = retention.ruleId;
export const repositoryId = repository.repoId;
export const replicatedTags = run?.tags;
