import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface ArtifactLifecycleRuleArgs {
  instanceId: pulumi.Input<string>;
  scope: pulumi.Input<"INSTANCE" | "NAMESPACE" | "REPO">;
  /** Required for NAMESPACE and REPO. */
  namespaceName?: pulumi.Input<string>;
  /** Required for REPO. */
  repoName?: pulumi.Input<string>;
  /** How many of the newest tags each repository keeps. */
  retentionTagCount: pulumi.Input<number>;
  /** Tags matching this regular expression are kept too. */
  tagRegexp?: pulumi.Input<string>;
  /** Run on the schedule; default false. */
  auto?: pulumi.Input<boolean>;
  scheduleTime?: pulumi.Input<"WEEK" | "MONTH">;
  /** Default true. */
  enableDeleteTag?: pulumi.Input<boolean>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** Tag retention for an instance, a namespace or a repository; every setting changes in place. */
export class ArtifactLifecycleRule extends AcrDynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly scope: pulumi.Output<string>;
  declare readonly retentionTagCount: pulumi.Output<number>;
  declare readonly tagRegexp: pulumi.Output<string | undefined>;
  declare readonly ruleId: pulumi.Output<string>;
  declare readonly nextTime: pulumi.Output<number | undefined>;

  constructor(name: string, args: ArtifactLifecycleRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "ArtifactLifecycleRule", outputKeys: ["ruleId", "nextTime"] }, name, args, opts);
  }
}
