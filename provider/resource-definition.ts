/**
 * The contract between the generic dynamic adapter and each resource: a plain definition with zod
 * schemas and CRUD functions over sdk clients. Definitions import sdk + zod only (no @pulumi/pulumi),
 * so they are testable functions and a later move to a real provider plugin stays cheap.
 */
import type { z } from "zod";
import type { AcrClients } from "./clients";
import type { Connection } from "./connection";

export interface ResourceContext {
  /** Clients for this resource's connection (its `connection` input merged over stack config). Cached per connection. */
  clients(connection?: Connection): Promise<AcrClients>;
  /** Progress lines for long work (shown by the engine as resource logs). */
  log(message: string): void;
  /** Deadline from customTimeouts when the engine gives one. */
  deadlineMs?: number;
}

export interface ResourceDefinition<I extends object, O extends object> {
  /** Pulumi type name within the module, e.g. "Namespace" (for schema.json and messages). */
  name: string;
  description: string;
  /** zod schema of the inputs; check() runs it with 0 API calls and maps issues to failures naming the field and fix. */
  inputs: z.ZodType<I>;
  /** zod schema of the outputs (for schema.json and to keep outs honest). */
  outputs: z.ZodType<O>;
  /** Input keys whose change forces replacement. */
  replaceKeys: readonly string[];
  /** Output keys that must be secret (passed to additionalSecretOutputs by the Resource class). */
  secretOutputs?: readonly string[];
  /** Optional normalisation before diff (e.g. JSON policy documents canonicalised). */
  normalize?(inputs: I): I;
  create(ctx: ResourceContext, inputs: I): Promise<{ id: string; outs: O }>;
  /**
   * undefined when the object is gone (the adapter then returns an empty id, so refresh drops it).
   * `stored` is the state's last outputs: what a read may trust instead of asking the service again.
   */
  read(ctx: ResourceContext, id: string, inputs: I, stored: Readonly<Record<string, unknown>>): Promise<{ outs: O; inputs: I } | undefined>;
  update?(ctx: ResourceContext, id: string, olds: I, news: I): Promise<O>;
  /** Not-found is success; waits until gone. */
  delete(ctx: ResourceContext, id: string, inputs: I): Promise<void>;
}
