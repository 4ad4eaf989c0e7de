import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";

export interface RegistryLogin {
  username: pulumi.Input<string>;
  password: pulumi.Input<string>;
}

export interface ImageSyncArgs {
  /** `<registry>/<repository>[:tag,tag|:/regex/]`; or give `config`. */
  source?: pulumi.Input<string>;
  /** `<registry>/<repository>`. */
  target?: pulumi.Input<string>;
  /** A list, "a,b" or "/regex/". Default: every tag. */
  tags?: pulumi.Input<string | pulumi.Input<string>[]>;
  sourceCredentials?: pulumi.Input<RegistryLogin>;
  targetCredentials?: pulumi.Input<RegistryLogin>;
  sourceInsecure?: pulumi.Input<boolean>;
  targetInsecure?: pulumi.Input<boolean>;
  /** An image-syncer config file's JSON text, or the object. */
  config?: pulumi.Input<string | Record<string, unknown>>;
  defaultTargetRegistry?: pulumi.Input<string>;
  defaultTargetNamespace?: pulumi.Input<string>;
  /** Without targetCredentials, log in to this ACR EE instance with a temporary token. */
  targetInstanceId?: pulumi.Input<string>;
  concurrency?: pulumi.Input<number>;
  retries?: pulumi.Input<number>;
  triggers?: pulumi.Input<unknown[] | Record<string, unknown>>;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

export interface SyncedImage {
  source: string;
  target: string;
  tags: Array<{ tag: string; digest: string; status: string }>;
}

/** image-syncer as a resource: copies tags from any registry into an ACR instance with the sdk copy engine. */
export class ImageSync extends AcrDynamicResource {
  declare readonly images: pulumi.Output<SyncedImage[]>;
  declare readonly plannedTags: pulumi.Output<string[]>;
  declare readonly bytesMoved: pulumi.Output<number>;

  constructor(name: string, args: ImageSyncArgs, opts?: pulumi.CustomResourceOptions) {
    const secret = <T>(v: T) => (v === undefined ? undefined : pulumi.secret(v));
    const wrapped = { ...args, sourceCredentials: secret(args.sourceCredentials), targetCredentials: secret(args.targetCredentials), config: secret(args.config) };
    super({ type: "ImageSync", outputKeys: ["images", "plannedTags", "bytesMoved"], secretOutputs: ["sourceCredentials", "targetCredentials", "config"] }, name, wrapped, opts);
  }
}
