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
  /** How long create waits for the task. Default: the resource's customTimeouts.create, else 1200 s. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** Go-style durations as customTimeouts takes them ("90s", "20m", "1h30m") → whole seconds; undefined when unreadable. */
export function durationSeconds(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  let rest = text.trim();
  while (rest) {
    const match = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * units[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return Math.round(total);
}

/** A one-off copy of a tag to another instance (CreateRepoSyncTask), waited for until it ends. */
export class ImageReplication extends AcrDynamicResource {
  declare readonly taskId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly syncedSize: pulumi.Output<number | undefined>;
  declare readonly digest: pulumi.Output<string | undefined>;

  constructor(name: string, args: ImageReplicationArgs, opts?: pulumi.CustomResourceOptions) {
    // The dynamic provider host does not pass customTimeouts to create, so the class hands
    // customTimeouts.create to the wait itself (unless waitTimeoutSeconds is given).
    const fromTimeouts = durationSeconds(opts?.customTimeouts?.create);
    const wait = args.waitTimeoutSeconds ?? (fromTimeouts === undefined ? undefined : Math.min(86400, Math.max(10, fromTimeouts)));
    super({ type: "ImageReplication", outputKeys: ["taskId", "status", "syncedSize", "digest"] }, name, { ...args, waitTimeoutSeconds: wait }, opts);
  }
}
