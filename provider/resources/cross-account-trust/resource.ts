import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface CrossAccountTrustArgs {
  /** UID of the source account A. Give this or sourceConnection. */
  sourceAccountId?: pulumi.Input<string>;
  /** A connection to account A, used only to look its UID up. Stored as a secret. */
  sourceConnection?: pulumi.Input<Connection>;
  /** The destination account B, where the role lives. */
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** Account A's principal in account B's shared role `aliyuncontainerregistrycrossaccoutsyncrole`; other accounts' trust is left alone. */
export class CrossAccountTrust extends AcrDynamicResource {
  declare readonly roleName: pulumi.Output<string>;
  declare readonly roleArn: pulumi.Output<string | undefined>;
  declare readonly principal: pulumi.Output<string>;
  declare readonly targetAccountId: pulumi.Output<string>;
  declare readonly createdRole: pulumi.Output<boolean>;

  constructor(name: string, args: CrossAccountTrustArgs, opts?: pulumi.CustomResourceOptions) {
    const wrapped = args.sourceConnection === undefined ? args : { ...args, sourceConnection: pulumi.secret(args.sourceConnection) };
    super({ type: "CrossAccountTrust", outputKeys: ["roleName", "roleArn", "principal", "targetAccountId", "createdRole"] }, name, wrapped, opts);
  }
}
