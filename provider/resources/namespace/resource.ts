import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface NamespaceArgs {
  instanceId: pulumi.Input<string>;
  name: pulumi.Input<string>;
  autoCreateRepo?: pulumi.Input<boolean>;
  defaultRepoType?: pulumi.Input<"PUBLIC" | "PRIVATE">;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** A namespace in an ACR EE instance (like @pulumi/alicloud cs.RegistryEnterpriseNamespace). */
export class Namespace extends AcrDynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly autoCreateRepo: pulumi.Output<boolean | undefined>;
  declare readonly defaultRepoType: pulumi.Output<string | undefined>;
  declare readonly namespaceId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: NamespaceArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "Namespace", outputKeys: ["namespaceId", "status"] }, name, args, opts);
  }
}
