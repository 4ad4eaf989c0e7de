import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface ImageReplicationArgs {
  instanceId: pulumi.Input<string>;
  namespaceName: pulumi.Input<string>;
  repoName: pulumi.Input<string>;
  tag: pulumi.Input<string>;
  targetRegionId: pulumi.Input<string>;
  targetInstanceId: pulumi.Input<string>;
  targetNamespaceName: pulumi.Input<string>;
  /** Default: repoName. */
  targetRepoName?: pulumi.Input<string>;
  /** Default: tag. */
  targetTag?: pulumi.Input<string>;
  /** The destination account's UID, for a cross-account copy. */
  targetUserId?: pulumi.Input<string>;
  /** Overwrite an existing destination tag. Default false. */
  override?: pulumi.Input<boolean>;
  /** Any values; a change copies again. */
  triggers?: pulumi.Input<unknown[] | Record<string, unknown>>;
  /** Wait limit when the engine passes no customTimeouts.create. Default 1200 s. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** A one-off copy of a tag to another instance (CreateRepoSyncTask), waited for until it ends. */
export class ImageReplication extends AcrDynamicResource {
  declare readonly taskId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly syncedSize: pulumi.Output<number | undefined>;
  declare readonly digest: pulumi.Output<string | undefined>;

  constructor(name: string, args: ImageReplicationArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "ImageReplication", outputKeys: ["taskId", "status", "syncedSize", "digest"] }, name, args, opts);
  }
}
