import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface InstanceCredentialArgs {
  instanceId: pulumi.Input<string>;
  /** Stored as a secret. Leave it out to have a password generated. */
  password?: pulumi.Input<string>;
  /** Change this value (a date, a counter) to rotate a generated password. */
  rotation?: pulumi.Input<string>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

/** The instance's fixed `docker login` password; `loginPassword` is a secret output. */
export class InstanceCredential extends AcrDynamicResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly rotation: pulumi.Output<string | undefined>;
  declare readonly loginPassword: pulumi.Output<string>;
  declare readonly rotatedAt: pulumi.Output<number>;

  constructor(name: string, args: InstanceCredentialArgs, opts?: pulumi.CustomResourceOptions) {
    const props = args.password === undefined ? args : { ...args, password: pulumi.secret(args.password) };
    super({ type: "InstanceCredential", outputKeys: ["loginPassword", "rotatedAt"], secretOutputs: ["password", "loginPassword"] }, name, props, opts);
  }
}
