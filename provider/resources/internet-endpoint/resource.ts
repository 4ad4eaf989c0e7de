import type * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface InternetEndpointArgs {
  instanceId: pulumi.Input<string>;
  /** true opens the internet endpoint, false closes it. */
  enable: pulumi.Input<boolean>;
  /** "Registry" (default). */
  moduleName?: pulumi.Input<"Registry">;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** The instance's internet endpoint on or off; delete restores the state found at create. */
export class InternetEndpoint extends AcrDynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly enable: pulumi.Output<boolean>;
  declare readonly enabledAtCreate: pulumi.Output<boolean>;
  declare readonly aclEnabled: pulumi.Output<boolean | undefined>;
  declare readonly domains: pulumi.Output<string[]>;

  constructor(name: string, args: InternetEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super({ type: "InternetEndpoint", outputKeys: ["enabledAtCreate", "aclEnabled", "domains"] }, name, args, opts);
  }
}
