/**
 * Harbor to ACR EE (seed 004): the `image-syncer` namespace with automatic repository creation, the
 * minimal RAM permissions the seed's syncer needs (as a role a CI job assumes), and an ImageSync per
 * Harbor repository that copies its tags digest-exactly. The target login is a temporary token from
 * GetAuthorizationToken, so no ACR password is stored.
 */
import * as pulumi from "@pulumi/pulumi";
import { ImageSync, Namespace, RamPolicy, RamRole, RamRolePolicyAttachment } from "pulumi-acr-ee";

const config = new pulumi.Config();
const instanceId = config.require("instanceId");
const acrRegistry = config.require("acrRegistry");
const harborRegistry = config.require("harborRegistry");
const harborProject = config.get("harborProject") ?? "library";
const harborUsername = config.require("harborUsername");
const harborPassword = config.requireSecret("harborPassword");
const repositories = config.getObject<string[]>("repositories") ?? ["nginx"];
const tags = config.get("tags"); // e.g. "1.25,1.26" or "/^1\\./"; default: every tag
const namespaceName = config.get("namespace") ?? "image-syncer";
const accountId = config.require("accountId");
const prefix = config.get("namePrefix") ?? "acr-example";
// Plain-http registries (a lab Harbor, the local emulator); never set for production registries.
const insecure = config.getBoolean("insecureRegistries") ?? false;

const namespace = new Namespace("image-syncer", { instanceId, name: namespaceName, autoCreateRepo: true, defaultRepoType: "PRIVATE" });

// Seed 004's minimal policy: create, update, push and pull repositories in the image-syncer namespace.
const policy = new RamPolicy("syncer-policy", {
  name: `${prefix}-image-syncer`,
  description: "image-syncer: create and push repositories in its namespace",
  document: {
    Version: "1",
    Statement: [
      {
        Effect: "Allow",
        Action: ["cr:CreateRepository", "cr:UpdateRepository", "cr:PushRepository", "cr:PullRepository"],
        Resource: [`acs:cr:*:*:repository/${namespaceName}/*`],
      },
    ],
  },
});
const role = new RamRole("syncer-role", {
  name: `${prefix}-image-syncer`,
  description: "Assumed by the CI job that runs image syncs",
  assumeRolePolicyDocument: {
    Version: "1",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${accountId}:root`] } }],
  },
});
new RamRolePolicyAttachment("syncer-attachment", { roleName: role.name, policyName: policy.name, policyType: "Custom" });

const syncs = repositories.map(
  (repository) =>
    new ImageSync(
      `sync-${repository}`,
      {
        source: `${harborRegistry}/${harborProject}/${repository}`,
        target: pulumi.interpolate`${acrRegistry}/${namespace.name}/${repository}`,
        tags,
        sourceCredentials: { username: harborUsername, password: harborPassword },
        sourceInsecure: insecure,
        targetInstanceId: instanceId,
        targetInsecure: insecure,
        concurrency: 2,
        retries: 2,
      },
      { dependsOn: [namespace] },
    ),
);

export const syncedImages = pulumi.all(syncs.map((s) => s.images));
export const bytesMoved = pulumi.all(syncs.map((s) => s.bytesMoved)).apply((sizes) => sizes.reduce((a, b) => a + b, 0));
export const syncerRoleArn = role.arn;
