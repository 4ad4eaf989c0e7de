/**
 * Cross-account replication (seeds 000/001). Account A already has images in `apps/web`; this
 * program makes B trust A's Container Registry, creates the destination namespace in B, adds the
 * rule in A that copies every later push, and copies one tag that existed before the rule by hand
 * (the rule never replicates existing images). Each account is a per-resource `connection`.
 */
import * as pulumi from "@pulumi/pulumi";
import { CrossAccountReplication, ImageReplication, type Connection } from "pulumi-acr-ee";

const config = new pulumi.Config();
const accountA = config.requireSecretObject<Connection>("sourceConnection");
const accountB = config.requireSecretObject<Connection>("targetConnection");
const sourceInstanceId = config.require("sourceInstanceId");
const targetInstanceId = config.require("targetInstanceId");
const targetRegion = config.require("targetRegion");
const namespaceName = config.get("namespace") ?? "apps";
const repositoryName = config.get("repository") ?? "web";
const existingTag = config.get("existingTag") ?? "v1";

const replication = new CrossAccountReplication("a-to-b", {
  sourceConnection: accountA,
  targetConnection: accountB,
  sourceInstanceId,
  sourceNamespaceName: namespaceName,
  targetInstanceId,
  targetRegionId: targetRegion,
  syncScope: "NAMESPACE",
  tagFilter: ".*",
});

// The manual copy of a tag pushed before the rule existed (CreateRepoSyncTask), waited for until done.
const manualCopy = new ImageReplication(
  "existing-tag",
  {
    instanceId: sourceInstanceId,
    namespaceName,
    repoName: repositoryName,
    tag: existingTag,
    targetRegionId: targetRegion,
    targetInstanceId,
    targetNamespaceName: namespaceName,
    targetUserId: replication.targetAccountId,
    waitTimeoutSeconds: 300,
    connection: accountA,
  },
  { dependsOn: [replication] },
);

export const syncRuleId = replication.syncRuleId;
export const targetAccountId = replication.targetAccountId;
export const syncRoleName = replication.roleName;
export const copiedDigest = manualCopy.digest;
export const copyTaskId = manualCopy.taskId;
