/**
 * Loads every resource definition into the registry: each provider/resources/<kind>/definition.ts
 * exports its ResourceDefinition, and anything exported with the definition shape is registered
 * under its name (a module that registers itself is not registered twice).
 */
import * as instanceCredential from "./resources/instance-credential/definition";
import * as namespace from "./resources/namespace/definition";
import * as ramPolicy from "./resources/ram-policy/definition";
import * as ramRole from "./resources/ram-role/definition";
import * as ramRolePolicyAttachment from "./resources/ram-role-policy-attachment/definition";
import * as repository from "./resources/repository/definition";
import * as endpointAclPolicy from "./resources/endpoint-acl-policy/definition";
import * as internetEndpoint from "./resources/internet-endpoint/definition";
import * as artifactLifecycleRule from "./resources/artifact-lifecycle-rule/definition";
import * as repoTrigger from "./resources/repo-trigger/definition";
import * as replicationRuleRun from "./resources/replication-rule-run/definition";
import { definitions, register } from "./registry";
import type { ResourceDefinition } from "./resource-definition";

const MODULES: ReadonlyArray<Record<string, unknown>> = [namespace, repository, instanceCredential, ramRole, ramPolicy, ramRolePolicyAttachment, endpointAclPolicy, internetEndpoint, artifactLifecycleRule, repoTrigger, replicationRuleRun];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function isDefinition(value: unknown): value is ResourceDefinition<any, any> {
  const v = value as Partial<ResourceDefinition<object, object>> | null;
  return typeof v === "object" && v !== null && typeof v.name === "string" && typeof v.create === "function" && typeof v.read === "function" && typeof v.delete === "function" && v.inputs !== undefined;
}

let loaded = false;

export function loadDefinitions(): typeof definitions {
  if (loaded) return definitions;
  loaded = true;
  for (const mod of MODULES) {
    for (const value of Object.values(mod)) if (isDefinition(value) && !definitions[value.name]) register(value);
  }
  return definitions;
}
