/**
 * Build ./app with @pulumi/docker and push it to a repository this provider creates. The registry
 * login is a temporary token from getAuthorizationToken(): nothing long-lived is stored, and the
 * token and docker config stay secrets. Needs a Docker engine (see README.md).
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { getAuthorizationToken, Namespace, Repository } from "pulumi-acr-ee";

const config = new pulumi.Config();
const instanceId = config.require("instanceId");
const registry = config.require("registry");
const namespaceName = config.get("namespace") ?? "apps";
const repositoryName = config.get("repository") ?? "hello";
const tag = config.get("tag") ?? "v1";

const namespace = new Namespace("apps", { instanceId, name: namespaceName, autoCreateRepo: false, defaultRepoType: "PRIVATE" });
const repository = new Repository("hello", {
  instanceId,
  namespace: namespace.name,
  name: repositoryName,
  summary: "Hello image built by Pulumi",
  repoType: "PRIVATE",
});

// Valid for an hour: enough for a build and push; a new token is issued on every run.
const token = getAuthorizationToken({ instanceId, registry, expiresInHours: 1 });

const image = new docker.Image(
  "hello",
  {
    imageName: pulumi.interpolate`${registry}/${repository.namespace}/${repository.name}:${tag}`,
    build: { context: "./app", platform: "linux/amd64" },
    registry: { server: token.registry, username: token.username, password: token.password },
  },
  { dependsOn: [repository] },
);

export const imageName = image.imageName;
export const repoDigest = image.repoDigest;
// Usable as a kubernetes.io/dockerconfigjson pull secret; stays encrypted in state.
export const dockerConfigJson = token.dockerConfigJson;
