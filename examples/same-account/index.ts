/**
 * Same-account replication (seed 002): a namespace with a repository on the source instance, the
 * same namespace on a destination instance in another region, the source's `docker login`
 * password, a RAM role CI can assume to pull, and a rule that replicates every push.
 */
import * as pulumi from "@pulumi/pulumi";
import { InstanceCredential, Namespace, RamPolicy, RamRole, RamRolePolicyAttachment, ReplicationRule, Repository } from "pulumi-acr-ee";

const config = new pulumi.Config();
const sourceInstanceId = config.require("sourceInstanceId");
const targetInstanceId = config.require("targetInstanceId");
const targetRegion = config.require("targetRegion");
const namespaceName = config.get("namespace") ?? "apps";
const repositoryName = config.get("repository") ?? "web";
const prefix = config.get("namePrefix") ?? "acr-example";

const sourceNamespace = new Namespace("source-namespace", {
  instanceId: sourceInstanceId,
  name: namespaceName,
  autoCreateRepo: false,
  defaultRepoType: "PRIVATE",
});

// Namespace-level replication needs the same namespace on the destination, creating repositories on push.
const targetNamespace = new Namespace("target-namespace", {
  instanceId: targetInstanceId,
  name: namespaceName,
  autoCreateRepo: true,
  defaultRepoType: "PRIVATE",
  connection: { region: targetRegion },
});

const repository = new Repository("web", {
  instanceId: sourceInstanceId,
  namespace: sourceNamespace.name,
  name: repositoryName,
  summary: "The web front end",
  repoType: "PRIVATE",
  tagImmutability: true,
});

// The password stays a secret from config to state; leave `registryPassword` unset to have one generated.
const registryPassword = config.getSecret("registryPassword");
const credential = new InstanceCredential("login", { instanceId: sourceInstanceId, password: registryPassword });

// A role CI assumes to pull images, trusted by this account only.
const accountId = config.require("accountId");
const puller = new RamRole("ci-puller", {
  name: `${prefix}-ci-puller`,
  description: "CI pulls images from ACR EE",
  assumeRolePolicyDocument: {
    Version: "1",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${accountId}:root`] } }],
  },
});
const pullPolicy = new RamPolicy("pull-only", {
  name: `${prefix}-pull-only`,
  description: "Pull from the example namespace",
  document: {
    Version: "1",
    Statement: [
      {
        Effect: "Allow",
        Action: ["cr:PullRepository", "cr:GetAuthorizationToken"],
        Resource: [`acs:cr:*:*:repository/${sourceInstanceId}/${namespaceName}/*`],
      },
    ],
  },
});
new RamRolePolicyAttachment("ci-puller-pull-only", { roleName: puller.name, policyName: pullPolicy.name, policyType: "Custom" });

// Every push to the source namespace is copied to the same namespace on the destination.
const rule = new ReplicationRule("to-target", {
  instanceId: sourceInstanceId,
  namespaceName: sourceNamespace.name,
  syncRuleName: `${prefix}-to-${targetRegion}`,
  targetRegionId: targetRegion,
  targetInstanceId: targetInstanceId,
  targetNamespaceName: targetNamespace.name,
  syncScope: "NAMESPACE",
  tagFilter: ".*",
});

export const syncRuleId = rule.syncRuleId;
export const repositoryId = repository.repoId;
export const pullRoleArn = puller.arn;
export const loginPassword = credential.loginPassword;
export const targetNamespaceId = targetNamespace.namespaceId;
