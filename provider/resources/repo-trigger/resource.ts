import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface RepoTriggerArgs {
  instanceId: pulumi.Input<string>;
  /** The repository ID (crr-...), e.g. a Repository's repoId. */
  repoId: pulumi.Input<string>;
  name: pulumi.Input<string>;
  /** Stored as a secret. HTTP on 80, 21, 70, 210, 280, 443, 488, 591, 777 or 1025-65535; HTTPS on 443 only. */
  url: pulumi.Input<string>;
  type: pulumi.Input<"ALL" | "TAG_LIST" | "TAG_REG_EXP">;
  /** For TAG_LIST. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** For TAG_REG_EXP. */
  tagRegexp?: pulumi.Input<string>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** A webhook on pushes to a repository; `url` is a secret input and output. */
export class RepoTrigger extends AcrDynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly repoId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly triggerId: pulumi.Output<string>;

  constructor(name: string, args: RepoTriggerArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "RepoTrigger", outputKeys: ["triggerId"], secretOutputs: ["url"] }, name, { ...args, url: pulumi.secret(args.url) }, opts);
  }
}
