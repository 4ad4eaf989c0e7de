import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { AcrDynamicResource } from "../../dynamic-resource";
import type { ImageSyncInputs } from "./args";

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
  /**
   * List the source's tags in the program (read only) so preview shows `plannedTags`, and a new
   * matching tag at the source copies again on the next `up`. Default true.
   */
  planAtPreview?: boolean;
  connection?: pulumi.Input<Connection>;
  adopt?: pulumi.Input<boolean>;
}

export interface SyncedImage {
  source: string;
  target: string;
  tags: Array<{ tag: string; digest: string; status: string }>;
}

/**
 * The tags the sync would copy, listed from the source registries by the program itself (reads
 * only). Unknown inputs at preview leave it unknown; a listing failure leaves it unset with a
 * warning, so preview still works, and create reports the real error.
 */
function plannedTagsOf(args: ImageSyncArgs): pulumi.Output<string[] | undefined> {
  const { connection: _c, ...rest } = args;
  // Tag names reveal nothing of the credentials used to list them: keep them readable in preview.
  return pulumi.unsecret(pulumi.output(rest)).apply(async (plain) => {
    try {
      // The copy engine loads only for programs that preview an ImageSync.
      const { planTags } = await import("./definition.js");
      return await planTags(plain as unknown as ImageSyncInputs);
    } catch (error) {
      pulumi.log.warn(`ImageSync could not list the source tags for preview: ${(error as Error).message}`);
      return undefined;
    }
  });
}

/** image-syncer as a resource: copies tags from any registry into an ACR instance with the sdk copy engine. */
export class ImageSync extends AcrDynamicResource {
  declare readonly images: pulumi.Output<SyncedImage[]>;
  /** What the program listed at preview/up (absent with planAtPreview: false). */
  declare readonly plannedTags: pulumi.Output<string[] | undefined>;
  declare readonly copiedTags: pulumi.Output<string[]>;
  declare readonly bytesMoved: pulumi.Output<number>;

  constructor(name: string, args: ImageSyncArgs, opts?: pulumi.CustomResourceOptions) {
    const secret = <T>(v: T) => (v === undefined ? undefined : pulumi.secret(v));
    const wrapped = {
      ...args,
      sourceCredentials: secret(args.sourceCredentials),
      targetCredentials: secret(args.targetCredentials),
      config: secret(args.config),
      plannedTags: args.planAtPreview === false ? undefined : plannedTagsOf(args),
    };
    super({ type: "ImageSync", outputKeys: ["images", "copiedTags", "bytesMoved"], secretOutputs: ["sourceCredentials", "targetCredentials", "config"] }, name, wrapped, opts);
  }
}
