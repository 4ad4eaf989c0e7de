import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";
import { durationSeconds } from "../image-replication/resource";

export interface ReplicationRuleRunArgs {
  /** The rule's source instance. */
  instanceId: pulumi.Input<string>;
  /** A manual (INITIATIVE) rule, e.g. a ReplicationRule's syncRuleId. */
  syncRuleId: pulumi.Input<string>;
  namespaceName: pulumi.Input<string>;
  repoName: pulumi.Input<string>;
  /** One tag; default: every tag the rule's filter matches. */
  tag?: pulumi.Input<string>;
  /** Any values; a change runs the rule again. */
  triggers?: pulumi.Input<unknown[] | Record<string, unknown>>;
  /** How long create waits. Default: the resource's customTimeouts.create, else 1200 s. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** Runs a manual replication rule now (CreateRepoSyncTaskByRule) and waits for its tasks. */
export class ReplicationRuleRun extends AcrDynamicResource {
  declare readonly taskIds: pulumi.Output<string[]>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly status: pulumi.Output<string>;
  declare readonly syncedSize: pulumi.Output<number>;

  constructor(name: string, args: ReplicationRuleRunArgs, opts?: pulumi.CustomResourceOptions) {
    // As ImageReplication: the dynamic provider host does not pass customTimeouts to create.
    const fromTimeouts = durationSeconds(opts?.customTimeouts?.create);
    const wait = args.waitTimeoutSeconds ?? (fromTimeouts === undefined ? undefined : Math.min(86400, Math.max(10, fromTimeouts)));
    super({ type: "ReplicationRuleRun", outputKeys: ["taskIds", "tags", "status", "syncedSize"] }, name, { ...args, waitTimeoutSeconds: wait }, opts);
  }
}
