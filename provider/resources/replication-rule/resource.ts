import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";
import type { LatestTask } from "./args";

export interface ReplicationRuleArgs {
  instanceId: pulumi.Input<string>;
  namespaceName: pulumi.Input<string>;
  syncRuleName: pulumi.Input<string>;
  targetRegionId: pulumi.Input<string>;
  targetInstanceId: pulumi.Input<string>;
  targetNamespaceName: pulumi.Input<string>;
  /** The destination account's UID, for cross-account replication. */
  targetUserId?: pulumi.Input<string>;
  syncScope?: pulumi.Input<"NAMESPACE" | "REPO">;
  repoName?: pulumi.Input<string>;
  targetRepoName?: pulumi.Input<string>;
  /** Regular expression over whole tag names. Default `.*`. */
  tagFilter?: pulumi.Input<string>;
  repoNameFilter?: pulumi.Input<string>;
  syncTrigger?: pulumi.Input<"PASSIVE" | "INITIATIVE">;
  /** At create, also copy the matching tags that already exist. */
  backfill?: pulumi.Input<boolean>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** A replication rule on the source instance (like @pulumi/alicloud cs.RegistryEnterpriseSyncRule); every change replaces it. */
export class ReplicationRule extends AcrDynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly namespaceName: pulumi.Output<string>;
  declare readonly syncRuleName: pulumi.Output<string>;
  declare readonly targetRegionId: pulumi.Output<string>;
  declare readonly targetInstanceId: pulumi.Output<string>;
  declare readonly targetNamespaceName: pulumi.Output<string>;
  declare readonly targetUserId: pulumi.Output<string | undefined>;
  declare readonly syncScope: pulumi.Output<string | undefined>;
  declare readonly repoName: pulumi.Output<string | undefined>;
  declare readonly targetRepoName: pulumi.Output<string | undefined>;
  declare readonly tagFilter: pulumi.Output<string | undefined>;
  declare readonly repoNameFilter: pulumi.Output<string | undefined>;
  declare readonly syncTrigger: pulumi.Output<string | undefined>;
  declare readonly syncRuleId: pulumi.Output<string>;
  declare readonly crossUser: pulumi.Output<boolean>;
  declare readonly backfillTaskIds: pulumi.Output<string[] | undefined>;
  declare readonly latestTasks: pulumi.Output<LatestTask[]>;

  constructor(name: string, args: ReplicationRuleArgs, opts?: pulumi.CustomResourceOptions) {
    // No update API: the old rule must go before a new one with the same name can be created.
    super({ type: "ReplicationRule", outputKeys: ["syncRuleId", "crossUser", "backfillTaskIds", "latestTasks"] }, name, args, { deleteBeforeReplace: true, ...opts });
  }
}
