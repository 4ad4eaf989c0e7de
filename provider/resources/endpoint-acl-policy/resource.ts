import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface EndpointAclPolicyArgs {
  instanceId: pulumi.Input<string>;
  /** An IPv4 CIDR block, e.g. 203.0.113.0/24. */
  entry: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** "internet" (default). */
  endpointType?: pulumi.Input<"internet">;
  /** "Registry" (default). */
  moduleName?: pulumi.Input<"Registry">;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** One entry of an instance endpoint's ACL (like @pulumi/alicloud cr.EndpointAclPolicy). */
export class EndpointAclPolicy extends AcrDynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly entry: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;

  constructor(name: string, args: EndpointAclPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "EndpointAclPolicy", outputKeys: [] }, name, args, opts);
  }
}
