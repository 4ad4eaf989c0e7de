import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface RepositoryArgs {
  instanceId: pulumi.Input<string>;
  namespace: pulumi.Input<string>;
  name: pulumi.Input<string>;
  summary: pulumi.Input<string>;
  repoType: pulumi.Input<"PUBLIC" | "PRIVATE">;
  detail?: pulumi.Input<string>;
  tagImmutability?: pulumi.Input<boolean>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** An image repository (like @pulumi/alicloud cs.RegistryEnterpriseRepo, plus tagImmutability). */
export class Repository extends AcrDynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly namespace: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly summary: pulumi.Output<string>;
  declare readonly repoType: pulumi.Output<string>;
  declare readonly detail: pulumi.Output<string | undefined>;
  declare readonly tagImmutability: pulumi.Output<boolean | undefined>;
  declare readonly repoId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly buildType: pulumi.Output<string>;

  constructor(name: string, args: RepositoryArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "Repository", outputKeys: ["repoId", "status", "buildType"] }, name, args, opts);
  }
}
