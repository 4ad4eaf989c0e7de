import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface RamRoleArgs {
  name: pulumi.Input<string>;
  /** JSON text or an object; JSON-equivalent documents never show a diff. */
  assumeRolePolicyDocument: pulumi.Input<string | Record<string, unknown>>;
  description?: pulumi.Input<string>;
  maxSessionDuration?: pulumi.Input<number>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** A RAM role (like @pulumi/alicloud ram.Role); the trust policy is updated in place. */
export class RamRole extends AcrDynamicResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly assumeRolePolicyDocument: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly maxSessionDuration: pulumi.Output<number | undefined>;
  declare readonly arn: pulumi.Output<string>;
  declare readonly roleId: pulumi.Output<string>;

  constructor(name: string, args: RamRoleArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "RamRole", outputKeys: ["arn", "roleId"] }, name, args, opts);
  }
}
