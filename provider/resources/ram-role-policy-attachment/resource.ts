import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface RamRolePolicyAttachmentArgs {
  roleName: pulumi.Input<string>;
  policyName: pulumi.Input<string>;
  policyType: pulumi.Input<"System" | "Custom">;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** Attaches a policy to a role (like @pulumi/alicloud ram.RolePolicyAttachment). */
export class RamRolePolicyAttachment extends AcrDynamicResource {
  declare readonly roleName: pulumi.Output<string>;
  declare readonly policyName: pulumi.Output<string>;
  declare readonly policyType: pulumi.Output<"System" | "Custom">;

  constructor(name: string, args: RamRolePolicyAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "RamRolePolicyAttachment", outputKeys: [] }, name, args, opts);
  }
}
