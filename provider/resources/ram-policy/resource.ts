import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface RamPolicyArgs {
  name: pulumi.Input<string>;
  /** JSON text or an object; JSON-equivalent documents never show a diff. */
  document: pulumi.Input<string | Record<string, unknown>>;
  description?: pulumi.Input<string>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** A custom RAM policy (like @pulumi/alicloud ram.Policy); document changes become a new default version. */
export class RamPolicy extends AcrDynamicResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly document: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly policyType: pulumi.Output<"Custom">;
  declare readonly defaultVersion: pulumi.Output<string>;
  declare readonly attachmentCount: pulumi.Output<number | undefined>;

  constructor(name: string, args: RamPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "RamPolicy", outputKeys: ["policyType", "defaultVersion", "attachmentCount"] }, name, args, opts);
  }
}
