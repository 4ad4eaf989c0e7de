/** Every resource definition by name; the dispatcher looks definitions up here at call time. */
import type { ResourceDefinition } from "./resource-definition";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const definitions: Record<string, ResourceDefinition<any, any>> = {};

/** Add a definition; a second definition under the same name is a programming error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function register(definition: ResourceDefinition<any, any>): void {
  if (definitions[definition.name]) throw new Error(`resource definition ${definition.name} is registered twice`);
  definitions[definition.name] = definition;
}

// Replication resources: registered here so the dispatcher finds them by name.
import { replicationRuleDefinition } from "./resources/replication-rule/definition";
register(replicationRuleDefinition);
import { imageReplicationDefinition } from "./resources/image-replication/definition";
register(imageReplicationDefinition);
import { crossAccountTrustDefinition } from "./resources/cross-account-trust/definition";
register(crossAccountTrustDefinition);
import { imageSyncDefinition } from "./resources/image-sync/definition";
register(imageSyncDefinition);
