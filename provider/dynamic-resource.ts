/**
 * The shared base of every resource class: the tiny serialized provider for the type, the
 * connection wrapped as a secret, output keys declared so they appear on the object, and the
 * definition's secret outputs passed as additionalSecretOutputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { makeProvider } from "./adapter";
import { TYPE_MODULE } from "./dynamic-resource-module";

export interface DynamicResourceSpec {
  /** The definition name, e.g. "Namespace". */
  type: string;
  /** Keys that are outputs only, declared as undefined so Pulumi exposes them. */
  outputKeys: readonly string[];
  secretOutputs?: readonly string[];
}

export abstract class AcrDynamicResource extends pulumi.dynamic.Resource {
  protected constructor(spec: DynamicResourceSpec, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    const connection = (args as { connection?: unknown }).connection;
    if (connection !== undefined) props.connection = pulumi.secret(connection);
    for (const key of spec.outputKeys) if (!(key in props)) props[key] = undefined;
    const secrets = spec.secretOutputs?.length ? { additionalSecretOutputs: [...spec.secretOutputs] } : {};
    super(makeProvider(spec.type), name, props, pulumi.mergeOptions(opts, secrets), TYPE_MODULE, spec.type);
  }
}
